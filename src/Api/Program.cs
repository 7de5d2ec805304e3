using AccessTokens.Api;

var app = ApiApplication.Build(args);
app.Run();
