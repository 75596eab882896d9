using Portal;
using Portal.Core;

var builder = WebApplication.CreateBuilder(args);
builder.AddOperatorSettings();
builder.AddPortalCore();
builder.AddPortalWeb();

var app = builder.Build();
await app.UsePortalWebAsync();
app.Run();
