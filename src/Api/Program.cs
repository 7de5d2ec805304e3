using AccessTokens.Api;

var builder = WebApplication.CreateBuilder(args);
builder.UseDefaultUrl(ApiHostingExtensions.DefaultFrontEndUrl);
builder.AddAccessTokensClusterClient();
builder.AddAccessTokensApi();

var app = builder.Build();
app.MapAccessTokensApi();
app.Run();
