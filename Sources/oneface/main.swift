import OneFaceCLI

OneFaceCommand.start()
