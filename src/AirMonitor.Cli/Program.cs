using System.CommandLine;
using AirMonitor.Cli;
using AirMonitor.Cli.Report;
using AirMonitor.Core.Configuration;

var root = new RootCommand("airmon — AirMonitor's command-line tool: simulate edge devices, benchmark the pipeline and the edge, run the demo, report a plant's emissions")
{
    SimulateCommand.Create(),
    BenchCommand.Create(),
    DemoCommand.Create(),
    EdgeFootprintCommand.Create(),
    ReportCommand.Create(),
};
try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is CliConfigurationException or ConfigurationFileException or Microsoft.Extensions.Options.OptionsValidationException)
{
    await Console.Error.WriteLineAsync($"airmon: configuration error: {e.Message}");
    return 2;
}
