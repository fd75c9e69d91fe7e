// Skeleton only: written from the lsp4ij developer guide and the IntelliJ Platform Gradle Plugin (2.x) docs,
// never built here (the Gradle plugin, Rider and lsp4ij cannot be downloaded in this repository's environment).
plugins {
    id("org.jetbrains.kotlin.jvm") version "2.1.20"
    id("org.jetbrains.intellij.platform") version "2.11.0"
}

group = "dev.gitopsai"
version = "0.1.0"

kotlin {
    jvmToolchain(21)
}

repositories {
    mavenCentral()
    intellijPlatform {
        defaultRepositories()
    }
}

dependencies {
    intellijPlatform {
        rider(providers.gradleProperty("platformVersion").get()) { useInstaller = false }
        bundledPlugin("org.jetbrains.plugins.yaml")
        plugin("com.redhat.devtools.lsp4ij:" + providers.gradleProperty("lsp4ijVersion").get())
    }
}

// The plugin sends the same settings the lsp4ij template ships (../lsp4ij-template/settings.json).
tasks.processResources {
    from("../lsp4ij-template/settings.json") {
        into("gitopsai")
    }
}
