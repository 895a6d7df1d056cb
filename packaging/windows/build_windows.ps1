# Build Waypoint for Windows: clean virtual environment, PyInstaller bundle, frozen self-test,
# sizes, then the per-user installer with Inno Setup. Run from the repository root in PowerShell:
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build_windows.ps1
#
# Needs Python 3.11 (64-bit) on PATH as `py -3.11`, and Inno Setup 6 (iscc.exe) for the installer.
$ErrorActionPreference = "Stop"
$Root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $Root
$Venv = Join-Path $Root "build\venv"
# PyInstaller is a build tool, not a runtime need: pinned here (same pin as build_linux.sh).
$PyInstallerPin = "pyinstaller==6.22.3"

Write-Host "== clean virtual environment in $Venv"
if (Test-Path $Venv) { Remove-Item -Recurse -Force $Venv }
if (Test-Path "dist\waypoint") { Remove-Item -Recurse -Force "dist\waypoint" }
py -3.11 -m venv $Venv
& "$Venv\Scripts\python.exe" -m pip install --quiet --upgrade pip
& "$Venv\Scripts\python.exe" -m pip install --quiet -r requirements.txt $PyInstallerPin
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }

Write-Host "== PyInstaller"
& "$Venv\Scripts\pyinstaller.exe" --noconfirm --clean --log-level WARN `
    --workpath build\pyinstaller --distpath dist packaging\waypoint.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

Write-Host "== self-test of the frozen app"
& "dist\waypoint\waypoint-cli.exe" self-test
if ($LASTEXITCODE -ne 0) { throw "the frozen self-test failed" }
$Version = ((& "dist\waypoint\waypoint-cli.exe" --version) -split " ")[1]

$Zip = "dist\waypoint-$Version-windows.zip"
if (Test-Path $Zip) { Remove-Item $Zip }
Compress-Archive -Path "dist\waypoint" -DestinationPath $Zip
$Unpacked = (Get-ChildItem -Recurse "dist\waypoint" | Measure-Object -Sum Length).Sum / 1MB
$Packed = (Get-Item $Zip).Length / 1MB
Write-Host ("bundle size: {0:N0} MB unpacked, {1:N0} MB as {2}" -f $Unpacked, $Packed, (Split-Path $Zip -Leaf))

$Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe"
if (-not (Test-Path $Iscc)) { $Iscc = "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe" }
if (Test-Path $Iscc) {
    Write-Host "== installer"
    & $Iscc "/DAppVersion=$Version" packaging\windows\waypoint.iss
    if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
} else {
    Write-Warning "Inno Setup 6 not found: the bundle is built, the installer is not."
}
