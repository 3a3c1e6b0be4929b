global using System.Net;
global using System.Net.Http.Json;
global using BlnkSliceApp.Tests.Support;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Extensions.Logging;
