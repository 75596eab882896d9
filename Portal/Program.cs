using Portal;
using Portal.Core;
using Portal.Shell;

StartupRefusedException.ReportAsOneLine();

var builder = WebApplication.CreateBuilder(args);
builder.AddOperatorSettings();
builder.AddPortalCore();
builder.AddPortalWeb();

var app = builder.Build();
await app.UsePortalWebAsync();
app.Run();
