Console.Error.WriteLine("airmon-edge: not yet runnable (issue #3 in progress)");
return 1;
