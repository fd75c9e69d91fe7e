rootProject.name = "gitopsai-jetbrains"
