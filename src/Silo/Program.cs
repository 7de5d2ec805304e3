using AccessTokens.Silo;

return await SiloApplication.RunAsync(args);
