using Microsoft.AspNetCore.Components.QuickGrid;
using Portal.Core.Features.Notifications;

namespace Portal.Components.Pages.Email;

/// <summary>A QuickGrid template column of the outbox (named apart from MudBlazor's TemplateColumn).</summary>
public sealed class OutboxColumn : TemplateColumn<OutboxRow>;
