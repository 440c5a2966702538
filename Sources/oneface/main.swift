import OneFaceCLI

OneFaceCommand.main()
