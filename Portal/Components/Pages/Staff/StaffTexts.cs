namespace Portal.Components.Pages.Staff;

internal static class StaffTexts
{
    public static string ZoomType(int? type) => type switch
    {
        2 => "Licensed",
        1 => "Basic",
        null => "?",
        _ => $"type {type}",
    };
}
