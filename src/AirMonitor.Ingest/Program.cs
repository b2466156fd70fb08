using AirMonitor.Ingest;

return await IngestHost.RunAsync(args);
