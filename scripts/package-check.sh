#!/usr/bin/env bash
# CI check of the Debian packages (.ci/run runs it as root after the test command; it installs
# and removes the `horus` package on this machine):
#   builds both packages (scripts/package.sh); installs the amd64 one into a clean state with
#   apt-get; runs `horus --version`, `horus doctor` (the failures this machine must show are
#   named below), `horus faces check` with the installed engine, `horus publish --print`; removes it (dpkg -r: only conffiles stay) and purges it
#   (dpkg -P: nothing stays); checks the arm64 build's ELF machine.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
started=$SECONDS
fail() { echo "package-check: FAIL: $*" >&2; exit 1; }
say() { echo "package-check: $*"; }
(( EUID == 0 )) || fail "run as root: it installs and removes the horus package"
export DEBIAN_FRONTEND=noninteractive DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

bash scripts/package.sh amd64 arm64
built=$SECONDS
version=$(dotnet msbuild edge/EyeOfHorus.Edge/EyeOfHorus.Edge.csproj -getProperty:Version)
deb=$root/dist/horus_${version}_amd64.deb
deb_arm64=$root/dist/horus_${version}_arm64.deb
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# ELF e_machine (2 bytes, little-endian, at offset 18): 0x3e x86-64, 0xb7 AArch64.
elf_machine() { od -An -tx2 -j18 -N2 "$1" | tr -d ' '; }
check_arch() {
  local file=$1 arch=$2 machine=$3
  [[ $(dpkg-deb -f "$file" Architecture) == "$arch" ]] || fail "$file: control says $(dpkg-deb -f "$file" Architecture), not $arch"
  rm -rf "$work/x" && dpkg-deb -x "$file" "$work/x"
  [[ -f $work/x/usr/share/horus/models/face_detector.onnx && -f $work/x/usr/share/horus/models/face_embedder.LICENSE ]] || fail "$file: no face models"
  for elf in "$work/x/usr/lib/horus/horus" "$work/x/usr/lib/horus/libSkiaSharp.so" "$work/x/usr/lib/horus/libonnxruntime.so"; do
    [[ $(elf_machine "$elf") == "$machine" ]] || fail "$(basename "$elf") in $(basename "$file") is ELF machine 0x$(elf_machine "$elf"), not 0x$machine"
  done
  say "$(basename "$file"): $arch, ELF machine 0x$machine, $(du -h "$file" | cut -f1) (binary $(du -h "$work/x/usr/lib/horus/horus" | cut -f1))"
}
check_arch "$deb_arm64" arm64 00b7
check_arch "$deb" amd64 003e

# A clean state: no horus package, not even its conffiles.
if dpkg-query -W -f='${db:Status-Status}' horus 2>/dev/null | grep -qv not-installed; then dpkg -P horus >/dev/null; fi
[[ ! -e /usr/bin/horus && ! -e /usr/lib/horus && ! -e /etc/horus ]] || fail "not a clean state: horus files exist without the package"

say "installing $(basename "$deb")"
apt-get install -y -qq --no-install-recommends "$deb" >/dev/null
mapfile -t files < <(dpkg -L horus | while read -r f; do [[ -d $f && ! -L $f ]] || echo "$f"; done)
mapfile -t conffiles < <(dpkg-query -W -f='${Conffiles}\n' horus | awk 'NF {print $1}')
expected_conffiles="/etc/horus/horus-run.json /etc/horus/publish.env /etc/horus/run.env"
[[ $(printf '%s\n' "${conffiles[@]}" | sort | paste -sd' ') == "$expected_conffiles" ]] || fail "conffiles are '${conffiles[*]}', expected $expected_conffiles"
[[ $(stat -c %a /etc/horus/run.env) == 600 ]] || fail "/etc/horus/run.env (secrets) is mode $(stat -c %a /etc/horus/run.env), expected 600"
id -nG horus | tr ' ' '\n' | grep -qx video || fail "user horus is not in group video"
grep -qiE 'aws_secret_access_key|aws_session_token' /etc/horus/* /usr/lib/systemd/system/horus-* && fail "a packaged setting or unit holds an AWS secret"
grep -qE 'AKIA[0-9A-Z]{16}' "${files[@]}" && fail "a package file holds an AWS access key id"

TIMEFORMAT=%R
cold_start=$( { time horus --version >"$work/version"; } 2>&1 )
[[ $(cat "$work/version") == "$version" ]] || fail "horus --version printed '$(cat "$work/version")', expected $version"
say "horus --version: $version (first run after install ${cold_start} s)"

# Enabled the way the README says, so the removal must take the .wants link away too.
if command -v systemctl >/dev/null; then systemctl enable horus-publish.service >/dev/null 2>&1 || fail "systemctl enable horus-publish.service"; fi

# doctor on this host: an edge-mode deployment's outputs dropped in, no kvssink, no credentials,
# no camera. The clock's sync state depends on the machine: allowed either way.
cat >/etc/horus/horus.outputs.json <<'EOF'
{"EyeOfHorus": {"Region": "eu-west-1", "Recognition": "edge", "FacesBucket": "eye-of-horus-faces-123456789012",
  "CollectionId": "eye-of-horus-faces", "DataStreamName": "eye-of-horus-matches",
  "DataStreamArn": "arn:aws:kinesis:eu-west-1:123456789012:stream/eye-of-horus-matches",
  "Cameras": "front-door", "CameraStreams": "front-door=eye-of-horus-front-door"}}
EOF
status=0
(cd / && AWS_EC2_METADATA_DISABLED=true horus doctor) >"$work/doctor" 2>&1 || status=$?
sed 's/^/  | /' "$work/doctor"
(( status == 1 )) || fail "horus doctor exited $status, expected 1 (checks failed)"
failed=$(sed -n 's/^FAIL \([^:]*\):.*/\1/p' "$work/doctor" | sort | paste -sd, -)
expected_failures="AWS credentials,camera /dev/video0,element kvssink"
[[ $failed == "$expected_failures" || $failed == "AWS credentials,camera /dev/video0,clock,element kvssink" ]] ||
  fail "horus doctor failed '$failed'; expected exactly: $expected_failures (and clock if this machine's clock is not synchronised)"
for passed in "deploy outputs" "video stream" gst-launch-1.0 "element x264enc" "element jpegenc" "element multifilesink" "service user" "image library" "face engine"; do
  grep -q "^ok   $passed:" "$work/doctor" || fail "horus doctor did not pass '$passed'"
done

# The installed engine (models from /usr/share/horus/models, libonnxruntime.so beside the binary)
# on two people's photos: both recognisable.
mkdir -p "$work/faces/obama" "$work/faces/biden"
cp tests/EyeOfHorus.FaceEngine.Tests/Vectors/faces/{obama,obama2}.jpg "$work/faces/obama/"
cp tests/EyeOfHorus.FaceEngine.Tests/Vectors/faces/{biden,biden2}.jpg "$work/faces/biden/"
(cd / && env -u HORUS_MODELS horus faces check "$work/faces") >"$work/check" 2>&1 || fail "horus faces check exited $?: $(cat "$work/check")"
grep -qE '^obama +2 .* ok$' "$work/check" && grep -qE '^biden +2 .* ok$' "$work/check" || fail "horus faces check: $(cat "$work/check")"
say "horus faces check (installed engine): $(head -1 "$work/check")"

(cd /etc/horus && horus publish --print --outputs /etc/horus/horus.outputs.json --camera front-door --source test --analyze false) >"$work/print" ||
  fail "horus publish --print exited $?"
grep -q '^gst-launch-1.0 .* kvssink stream-name=eye-of-horus-front-door aws-region=eu-west-1' "$work/print" ||
  fail "horus publish --print: $(cat "$work/print")"
say "horus publish --print: $(cut -c1-120 "$work/print")..."
# Edge mode's analysis (on by default with these outputs) loads the installed face engine before printing.
# It builds its Rekognition client first, so it needs credentials: dummy ones (nothing is called).
(cd / && env -u HORUS_MODELS AWS_EC2_METADATA_DISABLED=true AWS_ACCESS_KEY_ID=AKIDPACKAGECHECK AWS_SECRET_ACCESS_KEY=package-check-not-a-secret horus publish --print --outputs /etc/horus/horus.outputs.json --camera front-door --source test) >"$work/print-analyze" 2>&1 ||
  fail "horus publish --print (edge analysis) exited $?: $(cat "$work/print-analyze")"
grep -q 'jpegenc quality=90 ! multifilesink name=horus_frames' "$work/print-analyze" || fail "horus publish --print (edge analysis): $(cat "$work/print-analyze")"
say "horus publish --print with the edge analysis: the installed face engine loads"
rm /etc/horus/horus.outputs.json  # the operator's file, not the package's

dpkg -r horus >/dev/null
left=()
for f in "${files[@]}"; do [[ -e $f || -L $f ]] && left+=("$f"); done
[[ ${left[*]} == "${conffiles[*]}" ]] || fail "dpkg -r left '${left[*]}', expected only the conffiles '${conffiles[*]}'"
[[ ! -e /usr/lib/horus ]] || fail "dpkg -r left /usr/lib/horus"
if compgen -G "/etc/systemd/system/*.wants/horus-*" >/dev/null; then fail "dpkg -r left $(echo /etc/systemd/system/*.wants/horus-*)"; fi
dpkg -P horus >/dev/null
[[ ! -e /etc/horus ]] || fail "dpkg -P left /etc/horus: $(ls -A /etc/horus)"
! dpkg -s horus >/dev/null 2>&1 || fail "dpkg -P did not purge horus"
say "removed (dpkg -r left only ${conffiles[*]}) and purged (nothing left); packages built in $(( built - started )) s, checked in $(( SECONDS - built )) s"
