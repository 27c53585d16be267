// Facts whose value operations in the same run can change, keyed by
// `module.Name` under `pyinfra.facts`. Each maps to the operation (as
// `module.name` under `pyinfra.operations`) that manages the state the fact
// reads, or to null when no operation manages it. Facts about the machine
// itself (`server.LinuxName`, `server.Arch`, `server.Os`, `server.Kernel`,
// `hardware.*` ...) are deliberately absent. A test checks every key against
// the facts and every value against the operations of the installed pyinfra.

export const MUTABLE_FACTS: ReadonlyMap<string, string | null> = new Map([
  // Files and directories.
  ["files.File", "files.file"],
  ["files.Directory", "files.directory"],
  ["files.Link", "files.link"],
  ["files.Socket", null],
  ["files.FindInFile", "files.line"],
  ["files.Sha1File", "files.put"],
  ["files.Sha256File", "files.put"],
  ["files.Sha384File", "files.put"],
  ["files.Md5File", "files.put"],
  ["files.FindFiles", "files.file"],
  ["files.FindDirectories", "files.directory"],
  ["files.FindLinks", "files.link"],
  ["files.Flags", "files.flags"],
  ["files.Block", "files.block"],
  ["files.FileContents", "files.put"],

  // Server state.
  ["server.Which", "server.packages"],
  ["server.Users", "server.user"],
  ["server.Groups", "server.group"],
  ["server.AuthorizedKeys", "server.user_authorized_keys"],
  ["crontab.Crontab", "crontab.crontab"],
  ["server.Mounts", "server.mount"],
  ["server.Hostname", "server.hostname"],
  ["server.Sysctl", "server.sysctl"],
  ["server.KernelModules", "server.modprobe"],
  ["server.Locales", "server.locale"],
  ["server.Timezone", "server.timezone"],
  ["server.SecurityLimits", "server.security_limit"],
  ["server.EtcHosts", "server.etc_hosts"],

  // Service and unit status.
  ["systemd.SystemdStatus", "systemd.service"],
  ["systemd.SystemdEnabled", "systemd.service"],
  ["sysvinit.InitdStatus", "sysvinit.service"],
  ["openrc.OpenrcStatus", "openrc.service"],
  ["openrc.OpenrcEnabled", "openrc.service"],
  ["launchd.LaunchdStatus", "launchd.service"],
  ["upstart.UpstartStatus", "upstart.service"],
  ["runit.RunitStatus", "runit.service"],
  ["runit.RunitManaged", "runit.manage"],
  ["bsdinit.RcdStatus", "bsdinit.service"],
  ["freebsd.ServiceStatus", "freebsd.service.service"],
  ["freebsd.Sysrc", "freebsd.sysrc.sysrc"],

  // Installed packages and package sources.
  ["deb.DebPackages", "apt.packages"],
  ["deb.DebPackage", "apt.packages"],
  ["apt.AptPackages", "apt.packages"],
  ["apt.AptSources", "apt.repo"],
  ["apt.AptKeys", "apt.key"],
  ["rpm.RpmPackages", "dnf.packages"],
  ["rpm.RpmPackage", "dnf.packages"],
  ["rpm.RpmPackageProvides", "dnf.packages"],
  ["dnf.DnfRepositories", "dnf.repo"],
  ["dnf.DnfEnabledModules", "dnf.module"],
  ["dnf.DnfDisabledModules", "dnf.module"],
  ["yum.YumRepositories", "yum.repo"],
  ["zypper.ZypperRepositories", "zypper.repo"],
  ["apk.ApkPackages", "apk.packages"],
  ["pacman.PacmanPackages", "pacman.packages"],
  ["xbps.XbpsPackages", "xbps.packages"],
  ["opkg.OpkgPackages", "opkg.packages"],
  ["pkg.PkgPackages", "pkg.packages"],
  ["pkgin.PkginPackages", "pkgin.packages"],
  ["freebsd.PkgPackage", "freebsd.pkg.install"],
  ["brew.BrewPackages", "brew.packages"],
  ["brew.BrewCasks", "brew.casks"],
  ["brew.BrewTaps", "brew.tap"],
  ["choco.ChocoPackages", "choco.packages"],
  ["snap.SnapPackage", "snap.package"],
  ["snap.SnapPackages", "snap.package"],
  ["flatpak.FlatpakPackage", "flatpak.packages"],
  ["flatpak.FlatpakPackages", "flatpak.packages"],
  ["pip.PipPackages", "pip.packages"],
  ["pip.Pip3Packages", "pip.packages"],
  ["pipx.PipxPackages", "pipx.packages"],
  ["uv.UvPipPackages", "uv.packages"],
  ["uv.UvTools", "uv.tools"],
  ["uv.UvInstalledPythonsByImplementation", "uv.pythons"],
  ["uv.UvInstalledPythonsByVersion", "uv.pythons"],
  ["npm.NpmPackages", "npm.packages"],
  ["gem.GemPackages", "gem.packages"],
  ["cargo.CargoPackages", "cargo.packages"],
  ["go.GoPackages", "go.packages"],

  // Repositories, keys, containers, databases and other managed state.
  ["git.GitBranch", "git.repo"],
  ["git.GitTag", "git.repo"],
  ["git.GitConfig", "git.config"],
  ["git.GitTrackingBranch", "git.repo"],
  ["git.GitLocalCommit", "git.repo"],
  ["git.GitRemoteBranchCommit", "git.repo"],
  ["gpg.GpgKey", "gpg.key"],
  ["gpg.GpgKeys", "gpg.key"],
  ["gpg.GpgSecretKeys", "gpg.key"],
  ["gpg.GpgKeyrings", "gpg.key"],
  ["docker.DockerContainers", "docker.container"],
  ["docker.DockerContainer", "docker.container"],
  ["docker.DockerImages", "docker.image"],
  ["docker.DockerImage", "docker.image"],
  ["docker.DockerNetworks", "docker.network"],
  ["docker.DockerNetwork", "docker.network"],
  ["docker.DockerVolumes", "docker.volume"],
  ["docker.DockerVolume", "docker.volume"],
  ["docker.DockerPlugins", "docker.plugin"],
  ["docker.DockerPlugin", "docker.plugin"],
  ["docker.DockerContainerEnvs", "docker.container"],
  ["docker.DockerContainerLabels", "docker.container"],
  ["docker.DockerContainerMounts", "docker.container"],
  ["docker.DockerContainerNetworks", "docker.container"],
  ["docker.DockerContainerPorts", "docker.container"],
  ["podman.PodmanPs", null],
  ["lxd.LxdContainers", "lxd.container"],
  ["vzctl.OpenvzContainers", "vzctl.create"],
  ["mysql.MysqlDatabases", "mysql.database"],
  ["mysql.MysqlUsers", "mysql.user"],
  ["mysql.MysqlUserGrants", "mysql.privileges"],
  ["postgres.PostgresRoles", "postgres.role"],
  ["postgres.PostgresDatabases", "postgres.database"],
  ["postgresql.PostgresqlRoles", "postgres.role"],
  ["postgresql.PostgresqlDatabases", "postgres.database"],
  ["iptables.IptablesRules", "iptables.rule"],
  ["iptables.Ip6tablesRules", "iptables.rule"],
  ["iptables.IptablesChains", "iptables.chain"],
  ["iptables.Ip6tablesChains", "iptables.chain"],
  ["selinux.SEBoolean", "selinux.boolean"],
  ["selinux.FileContext", "selinux.file_context"],
  ["selinux.FileContextMapping", "selinux.file_context_mapping"],
  ["selinux.SEPorts", "selinux.port"],
  ["selinux.SEPort", "selinux.port"],
  ["zfs.ZfsDatasets", "zfs.dataset"],
  ["zfs.ZfsFilesystems", "zfs.filesystem"],
  ["zfs.ZfsSnapshots", "zfs.snapshot"],
  ["zfs.ZfsVolumes", "zfs.volume"],
]);

/**
 * Second names of fact classes, mapped to the `module.Name` of the class:
 * `from pyinfra.facts.server import Crontab` is the class
 * `pyinfra.facts.crontab.Crontab`, and `zfs.Datasets` is `zfs.ZfsDatasets`.
 */
export const FACT_ALIASES: ReadonlyMap<string, string> = new Map([
  ["server.Crontab", "crontab.Crontab"],
  ["bsdinit.InitdStatus", "sysvinit.InitdStatus"],
  ["postgresql.PostgresRoles", "postgres.PostgresRoles"],
  ["postgresql.PostgresDatabases", "postgres.PostgresDatabases"],
  ["apt.GpgKeyrings", "gpg.GpgKeyrings"],
  ["zfs.Datasets", "zfs.ZfsDatasets"],
  ["zfs.Filesystems", "zfs.ZfsFilesystems"],
  ["zfs.Snapshots", "zfs.ZfsSnapshots"],
  ["zfs.Volumes", "zfs.ZfsVolumes"],
]);

/** The managing operation of a mutable fact (`null` when none), or undefined when the fact is not mutable. */
export function mutableFact(qualifiedName: string): string | null | undefined {
  return MUTABLE_FACTS.get(FACT_ALIASES.get(qualifiedName) ?? qualifiedName);
}

/**
 * Paths whose presence describes the machine rather than state that a deploy
 * manages: container markers, release files, and the kernel's `/proc` and
 * `/sys`. A branch on a file fact for one of them is a test of the platform.
 */
export const ENVIRONMENT_PATHS: ReadonlySet<string> = new Set([
  "/.dockerenv",
  "/run/.containerenv",
  "/run/systemd/system",
  "/etc/os-release",
  "/usr/lib/os-release",
  "/etc/lsb-release",
  "/etc/debian_version",
  "/etc/redhat-release",
  "/etc/fedora-release",
  "/etc/arch-release",
  "/etc/alpine-release",
  "/etc/gentoo-release",
  "/etc/SuSE-release",
]);

/** Folders whose whole content describes the running kernel and hardware. */
export const ENVIRONMENT_PATH_PREFIXES: readonly string[] = ["/proc/", "/sys/"];

/** True when `path` is a platform marker such as `/.dockerenv` or a path under `/proc` or `/sys`. */
export function isEnvironmentPath(path: string): boolean {
  const normalized = path.length > 1 ? path.replace(/\/+$/, "") : path;
  return (
    ENVIRONMENT_PATHS.has(normalized) ||
    ENVIRONMENT_PATH_PREFIXES.some((prefix) => normalized.startsWith(prefix))
  );
}

/**
 * Commands that come with the operating system and name its init system or
 * package manager. `Which` on one of them tests the platform, which a deploy
 * does not change; package managers that deploys install (`brew`, `snap`,
 * `flatpak`) are left out.
 */
export const PLATFORM_COMMANDS: ReadonlySet<string> = new Set([
  "systemctl",
  "rc-service",
  "rc-update",
  "sv",
  "initctl",
  "launchctl",
  "service",
  "update-rc.d",
  "chkconfig",
  "apt",
  "apt-get",
  "dpkg",
  "dnf",
  "yum",
  "rpm",
  "zypper",
  "pacman",
  "apk",
  "xbps-install",
  "emerge",
  "pkg",
  "pkg_add",
  "opkg",
]);
