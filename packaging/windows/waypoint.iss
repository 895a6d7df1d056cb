; Inno Setup script for Waypoint: installs the PyInstaller one-folder bundle for the current user
; only, with no administrator rights, no network, and no change to the clinic's records.
;
; Build (see packaging/windows/README.md):  iscc /DAppVersion=0.1.0 packaging\windows\waypoint.iss
; Input:  dist\waypoint\   (from pyinstaller packaging\waypoint.spec)
; Output: dist\Waypoint-<version>-setup.exe

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6A0F1D52-3C1B-4E0E-9A4B-57A1D0C9E8B1}
AppName=Waypoint
AppVersion={#AppVersion}
AppPublisher=Waypoint
; Per user, no administrator: {autopf} resolves to %LOCALAPPDATA%\Programs in this mode.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
DefaultDirName={autopf}\Waypoint
DisableProgramGroupPage=yes
DefaultGroupName=Waypoint
UninstallDisplayIcon={app}\Waypoint.exe
OutputDir=..\..\dist
OutputBaseFilename=Waypoint-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Installing over an older version replaces the program files only.
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "Put a Waypoint icon on the desktop"; Flags: unchecked

[Files]
Source: "..\..\dist\waypoint\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\Waypoint\Waypoint"; Filename: "{app}\Waypoint.exe"
; Opens a window that shows the self-test's one-line result and stays open until closed.
Name: "{userprograms}\Waypoint\Check Waypoint works (self-test)"; Filename: "{cmd}"; \
    Parameters: "/k ""{app}\waypoint-cli.exe"" self-test"; WorkingDir: "{app}"
Name: "{userprograms}\Waypoint\Uninstall Waypoint"; Filename: "{uninstallexe}"
Name: "{userdesktop}\Waypoint"; Filename: "{app}\Waypoint.exe"; Tasks: desktopicon

[Run]
; Prove the installed copy works before the clinic relies on it (silent, no network).
Filename: "{app}\waypoint-cli.exe"; Parameters: "self-test"; \
    StatusMsg: "Checking that Waypoint works..."; Flags: runhidden waituntilterminated
Filename: "{app}\Waypoint.exe"; Description: "Start Waypoint now"; \
    Flags: nowait postinstall skipifsilent

; The records live in %LOCALAPPDATA%\Waypoint, outside {app}: uninstalling never deletes them.
