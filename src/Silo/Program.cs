using AccessTokens.Silo;

var app = SiloApplication.Build(args);
app.Run();
