package office

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
)

// A document handed to LibreOffice comes from an agency and may name URLs: linked images, OLE links,
// external references, macros. Conversions must not fetch them (that tells the sender when and where its
// file is opened, and lets a file probe the intranet; on Windows a UNC path would send NTLM credentials). Two
// layers keep LibreOffice from reaching anything:
//
//   - every call's throw-away profile is configured (registrymodifications.xcu) to block links of
//     documents outside the trusted locations (there are none), never to update links, to run no macros,
//     and to send every HTTP, HTTPS and FTP request to a proxy that does not exist (LibreOffice 7.4 fetches a
//     linked image while converting even with links blocked; the proxy is what stops it);
//   - on Linux, where unprivileged user namespaces are allowed, soffice runs under `unshare -rn`: in a network
//     namespace of its own with nothing but a loopback device that is down, so no request can leave even if a
//     setting is missed. Sandboxed reports whether that layer is active.

// deadProxy is where the profile sends every HTTP, HTTPS and FTP request: the discard port of the loopback
// device, where nothing listens, so a request fails at once without reaching any server.
const (
	deadProxyHost = "127.0.0.1"
	deadProxyPort = "9"
	deadProxy     = "http://" + deadProxyHost + ":" + deadProxyPort
)

// proxyEnv points the proxy variables of libcurl and the desktop at deadProxy too.
var proxyEnv = []string{"http_proxy=" + deadProxy, "https_proxy=" + deadProxy, "ftp_proxy=" + deadProxy,
	"all_proxy=" + deadProxy, "HTTP_PROXY=" + deadProxy, "HTTPS_PROXY=" + deadProxy, "ALL_PROXY=" + deadProxy,
	"no_proxy=", "NO_PROXY="}

// profileXCU is the registrymodifications.xcu of every call's profile.
const profileXCU = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableActiveContent" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>1</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseOpenCL" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetProxyType" oor:op="fuse"><value>1</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetHTTPProxyName" oor:op="fuse"><value>` + deadProxyHost + `</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetHTTPProxyPort" oor:op="fuse"><value>` + deadProxyPort + `</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetHTTPSProxyName" oor:op="fuse"><value>` + deadProxyHost + `</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetHTTPSProxyPort" oor:op="fuse"><value>` + deadProxyPort + `</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetFTPProxyName" oor:op="fuse"><value>` + deadProxyHost + `</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetFTPProxyPort" oor:op="fuse"><value>` + deadProxyPort + `</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetNoProxy" oor:op="fuse"><value></value></prop></item>
</oor:items>
`

// writeProfile lays out a fresh profile directory with the settings of profileXCU.
func writeProfile(dir string) error {
	user := filepath.Join(dir, "user")
	if err := os.MkdirAll(user, 0o700); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(user, "registrymodifications.xcu"), []byte(profileXCU), 0o600)
}

var (
	sandboxOnce sync.Once
	unshareBin  string
)

// Sandboxed reports whether conversions run without network (Linux, `unshare -rn` works here).
// NIANBAO_OFFICE_SANDBOX=0 turns the sandbox off (for a system where it breaks LibreOffice).
func Sandboxed() bool {
	sandboxOnce.Do(func() {
		if runtime.GOOS != "linux" || os.Getenv("NIANBAO_OFFICE_SANDBOX") == "0" {
			return
		}
		p, err := exec.LookPath("unshare")
		if err != nil {
			return
		}
		if exec.Command(p, "-rn", "true").Run() == nil {
			unshareBin = p
		}
	})
	return unshareBin != ""
}

// command returns the command running soffice with args, inside the network sandbox when there is one.
func command(bin string, args ...string) (string, []string) {
	if Sandboxed() {
		return unshareBin, append([]string{"-rn", "--", bin}, args...)
	}
	return bin, args
}
