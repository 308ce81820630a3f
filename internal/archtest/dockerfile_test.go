package archtest

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDockerfile checks what can be checked of the Dockerfile without a
// Docker daemon: base images named by a version tag, the build stage
// running `make build`, the image taking the binary `make build` writes,
// and that binary being static (the slim base has no Go runtime libraries
// to offer, and a static binary runs on any base).
func TestDockerfile(t *testing.T) {
	root := filepath.Join("..", "..")
	raw, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	stages := map[string]string{} // stage name → its instructions
	stage := ""
	for _, line := range strings.Split(string(raw), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if f := strings.Fields(line); strings.EqualFold(f[0], "FROM") {
			image := f[1]
			if _, known := stages[image]; !known {
				_, tag, ok := strings.Cut(image, ":")
				if !ok || tag == "latest" || !regexp.MustCompile(`^\d+(\.\d+)+`).MatchString(tag) {
					t.Errorf("FROM %s: name the base image by a version tag", image)
				}
			}
			stage = image
			if len(f) == 4 && strings.EqualFold(f[2], "AS") {
				stage = f[3]
			}
			stages[stage] += ""
			continue
		}
		stages[stage] += line + "\n"
	}
	for _, name := range []string{"build", "static", "browser"} {
		if _, ok := stages[name]; !ok {
			t.Errorf("no %s stage", name)
		}
	}
	if !strings.Contains(stages["build"], "RUN make build") {
		t.Errorf("the build stage does not run make build:\n%s", stages["build"])
	}
	if !strings.Contains(stages["static"], "COPY --from=build /src/bin/privaudit /usr/local/bin/privaudit") || !strings.Contains(stages["static"], `ENTRYPOINT ["privaudit"]`) {
		t.Errorf("the static stage does not install make build's binary:\n%s", stages["static"])
	}
	if !strings.Contains(stages["browser"], "chromium") || !strings.Contains(stages["browser"], "CHROME_PATH=/usr/bin/chromium") {
		t.Errorf("the browser stage does not install Chromium:\n%s", stages["browser"])
	}

	// What make build runs, run here into a temporary directory.
	dry, err := exec.Command("make", "-s", "-n", "-C", root, "build").Output()
	if err != nil {
		t.Skipf("make is not available: %v", err)
	}
	cmdline := strings.TrimSpace(string(dry))
	if !strings.Contains(cmdline, "CGO_ENABLED=0") || !strings.Contains(cmdline, "-o bin/privaudit ./cmd/privaudit") {
		t.Fatalf("make build runs %q: want a static build to bin/privaudit", cmdline)
	}
	if testing.Short() {
		t.Skip("-short: not building the binary")
	}
	out := filepath.Join(t.TempDir(), "privaudit")
	build := exec.Command("sh", "-c", strings.Replace(cmdline, "-o bin/privaudit", "-o "+out, 1))
	build.Dir = root
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", cmdline, err, b)
	}
	f, err := elf.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("make build's binary is dynamically linked (it has an ELF interpreter)")
		}
	}
	if v, err := exec.Command(out, "--version").Output(); err != nil || !strings.Contains(string(v), "privaudit") {
		t.Errorf("%s --version: %v %s", out, err, v)
	}
}
