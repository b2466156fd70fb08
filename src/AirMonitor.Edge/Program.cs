using AirMonitor.Edge;

return await EdgeHost.RunAsync(args);
