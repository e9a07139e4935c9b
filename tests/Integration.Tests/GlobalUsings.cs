// Every test reaches for the same fixtures: hosts, databases, clients, waiting.
global using StatusPage.Integration.Tests.Support;
