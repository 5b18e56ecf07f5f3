#!/bin/bash
# Builds the kernel lab's boot image: Debian's stock kernel (which ships macsec.ko) plus a small
# initramfs with busybox-static, dash, iproute2, dropbear, iperf3, tcpdump, ping and kmod.
#
#   build-image.sh WORK
#
# WORK/keys/authorized_keys must exist (the harness writes it). Produces, atomically:
#   WORK/image/vmlinuz  WORK/image/initramfs.cpio.zst  WORK/image/kernel-version  WORK/image/host-key.pub
# The kernel package is only fetched with `apt-get download` and unpacked with dpkg-deb: it is never
# installed on the host. Guest user-space is copied from the host's own installed Debian packages.
# Exit codes: 3 = a host tool or package is missing (message on stderr says which), other = failure.
set -euo pipefail
WORK=${1:?usage: build-image.sh WORK}
export LC_ALL=C

missing=()
for t in apt-get apt-cache dpkg-deb cpio zstd depmod ldd dropbearkey; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
done
for f in /bin/busybox /bin/dash /sbin/ip /usr/bin/tcpdump /usr/bin/iperf3 /usr/bin/ping \
         /usr/sbin/dropbear /bin/kmod; do
    [ -x "$f" ] || missing+=("$f")
done
[ -x /bin/busybox ] && ! /bin/busybox --list >/dev/null 2>&1 && missing+=("/bin/busybox (not busybox-static)")
if [ ${#missing[@]} -gt 0 ]; then
    echo "missing on the host: ${missing[*]} (apt-get install -y --no-install-recommends busybox-static" \
         "cpio dropbear-bin iperf3 iproute2 iputils-ping kmod tcpdump zstd)" >&2
    exit 3
fi
[ -f "$WORK/keys/authorized_keys" ] || { echo "$WORK/keys/authorized_keys is missing" >&2; exit 2; }

# ---- kernel: the package linux-image-amd64 currently points at -------------------------------
KPKG=${KPKG:-$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')}
if [ -z "$KPKG" ]; then
    echo "apt-cache does not know linux-image-amd64 (run apt-get update once)" >&2
    exit 3
fi
KVER=${KPKG#linux-image-}
KDIR=$WORK/kernel/$KVER
mkdir -p "$WORK/debs" "$WORK/kernel"
if [ ! -f "$KDIR/boot/vmlinuz-$KVER" ]; then
    if ! ls "$WORK"/debs/"$KPKG"_*.deb >/dev/null 2>&1; then
        (cd "$WORK/debs" && apt-get download -q "$KPKG") >&2 || {
            echo "apt-get download $KPKG failed (no access to the Debian archive?)" >&2; exit 3; }
    fi
    rm -rf "$KDIR.tmp"; mkdir -p "$KDIR.tmp"
    dpkg-deb -x "$(ls "$WORK"/debs/"$KPKG"_*.deb | head -1)" "$KDIR.tmp"
    rm -rf "$KDIR"; mv "$KDIR.tmp" "$KDIR"
fi

# ---- rootfs skeleton (merged /usr) ----------------------------------------------------------
ROOT=$WORK/rootfs
rm -rf "$ROOT"
mkdir -p "$ROOT"/{usr/bin,usr/lib/x86_64-linux-gnu,usr/lib64,etc/dropbear,proc,sys,dev,tmp,run,root/.ssh,var}
ln -s usr/bin "$ROOT/bin"; ln -s usr/bin "$ROOT/sbin"; ln -s bin "$ROOT/usr/sbin"
ln -s usr/lib "$ROOT/lib"; ln -s usr/lib64 "$ROOT/lib64"; ln -s ../run "$ROOT/var/run"
chmod 700 "$ROOT/root" "$ROOT/root/.ssh"; chmod 1777 "$ROOT/tmp"

cp /bin/busybox "$ROOT/usr/bin/busybox"
for a in $(/bin/busybox --list); do [ -e "$ROOT/usr/bin/$a" ] || ln -s busybox "$ROOT/usr/bin/$a"; done
# Debian's busybox-static prefers its own applets over $PATH inside ash (and after setsid, nohup,
# timeout), so /bin/sh is dash and the real tools replace the applets of the same name.
for b in /bin/dash /sbin/ip /usr/bin/tcpdump /usr/bin/iperf3 /usr/bin/ping /usr/sbin/dropbear /bin/kmod; do
    rm -f "$ROOT/usr/bin/$(basename "$b")"
    cp -L "$b" "$ROOT/usr/bin/"
    ldd "$b" | awk '/=> \//{print $3}' | while read -r l; do
        cp -Ln "$l" "$ROOT/usr/lib/x86_64-linux-gnu/" 2>/dev/null || true
    done
done
cp -L /lib64/ld-linux-x86-64.so.2 "$ROOT/usr/lib64/"
for a in modprobe insmod rmmod lsmod modinfo depmod; do rm -f "$ROOT/usr/bin/$a"; ln -s kmod "$ROOT/usr/bin/$a"; done
rm -f "$ROOT/usr/bin/sh"; ln -s dash "$ROOT/usr/bin/sh"

# ---- kernel modules: MACsec, veth, virtio and the crypto the kernel requests for GCM ----------
MSRC=$KDIR/lib/modules/$KVER
MDST=$ROOT/usr/lib/modules/$KVER
mkdir -p "$MDST/kernel"
cp "$MSRC"/modules.builtin* "$MSRC"/modules.order "$MDST/"
( cd "$MSRC/kernel"
  find crypto arch/x86/crypto lib drivers/virtio drivers/char/hw_random -name '*.ko' -print
  ls drivers/net/macsec.ko drivers/net/veth.ko drivers/net/virtio_net.ko drivers/net/net_failover.ko \
     net/core/failover.ko
) | (cd "$MSRC/kernel" && cpio -pdm --quiet "$MDST/kernel")
# The .deb ships no modules.dep; modules.alias lets the kernel's request_module("crypto-gcm(aes)") resolve.
depmod -b "$ROOT" "$KVER"

# ---- configuration ------------------------------------------------------------------------
cat > "$ROOT/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
tcpdump:x:104:104:tcpdump:/nonexistent:/usr/sbin/nologin
PASSWD
printf 'root:x:0:\ntcpdump:x:104:\n' > "$ROOT/etc/group"
echo 'root:*:19000:0:99999:7:::' > "$ROOT/etc/shadow"; chmod 600 "$ROOT/etc/shadow"
printf '/bin/sh\n' > "$ROOT/etc/shells"
printf 'passwd: files\ngroup: files\nhosts: files\n' > "$ROOT/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n' > "$ROOT/etc/hosts"
cp /etc/protocols /etc/services "$ROOT/etc/" 2>/dev/null || true
cp "$WORK/keys/authorized_keys" "$ROOT/root/.ssh/authorized_keys"; chmod 600 "$ROOT/root/.ssh/authorized_keys"
# A pre-generated host key makes boots fast and the fingerprint stable across boots of this image.
[ -f "$WORK/keys/dropbear_ed25519_host_key" ] || \
    dropbearkey -t ed25519 -f "$WORK/keys/dropbear_ed25519_host_key" >/dev/null 2>&1
cp "$WORK/keys/dropbear_ed25519_host_key" "$ROOT/etc/dropbear/"

cat > "$ROOT/init" <<'INIT'
#!/bin/sh
export PATH=/usr/bin HOME=/root
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
mkdir -p /dev/pts /dev/shm; mount -t devpts -o ptmxmode=0666 devpts /dev/pts
mount -t tmpfs tmp /tmp; mount -t tmpfs run /run
hostname kernel-lab
echo /usr/bin/modprobe > /proc/sys/kernel/modprobe
for m in virtio_pci virtio_net virtio_rng veth macsec aesni_intel ghash_clmulni_intel gcm; do modprobe -q $m; done
sysctl -qw net.core.rmem_max=16777216 net.core.wmem_max=16777216
ip link set lo up
ip link set eth0 up && ip addr add 10.0.2.15/24 dev eth0 && ip route add default via 10.0.2.2
dropbear -s -r /etc/dropbear/dropbear_ed25519_host_key -p 22 -P /run/dropbear.pid
echo "KERNEL-LAB-READY $(cut -d' ' -f1 /proc/uptime)" > /dev/console
while :; do sleep 3600; done
INIT
chmod 755 "$ROOT/init"

# ---- pack (into image.tmp, then swap in) ----------------------------------------------------
rm -rf "$WORK/image.tmp"; mkdir -p "$WORK/image.tmp"
cp "$KDIR/boot/vmlinuz-$KVER" "$WORK/image.tmp/vmlinuz"
(cd "$ROOT" && find . -print0 | cpio --null -o -H newc --quiet) | zstd -q -T0 -9 > "$WORK/image.tmp/initramfs.cpio.zst"
echo "$KVER" > "$WORK/image.tmp/kernel-version"
dropbearkey -y -f "$WORK/keys/dropbear_ed25519_host_key" 2>/dev/null | grep '^ssh-' > "$WORK/image.tmp/host-key.pub"
rm -rf "$ROOT" "$WORK/image"; mv "$WORK/image.tmp" "$WORK/image"
echo "kernel $KVER, initramfs $(du -h "$WORK/image/initramfs.cpio.zst" | cut -f1)"
