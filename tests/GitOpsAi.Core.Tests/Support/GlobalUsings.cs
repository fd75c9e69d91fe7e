global using GitOpsAi.Core.Diagnostics;
global using GitOpsAi.Core.Tests.Support;
global using GitOpsAi.Core.Text;
global using GitOpsAi.Core.Yaml;
global using NUnit.Framework;
