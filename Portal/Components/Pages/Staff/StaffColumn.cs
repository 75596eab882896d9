using Microsoft.AspNetCore.Components.QuickGrid;
using Portal.Core.Features.Staff;

namespace Portal.Components.Pages.Staff;

/// <summary>A QuickGrid template column of the roster (named apart from MudBlazor's TemplateColumn).</summary>
public sealed class StaffColumn : TemplateColumn<StaffRow>;
