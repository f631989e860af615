global using FinOps.ServiceDefaults;
global using Microsoft.Extensions.Configuration;
