# Runs in the lab guest (sh -s -- CIPHER WINDOW): two network namespaces a and b, joined by the veth
# pair va <-> vb, IPv6 off (so every frame on the veth is MACsec once keyed: no plain ND/RS), and,
# unless CIPHER is "none", macsec0 on each veth end with no SAs yet plus an IPv4 address.
set -eu
CIPHER=$1
WINDOW=$2
for s in a b; do /usr/bin/ip netns del $s 2>/dev/null || true; done
for s in a b; do
    /usr/bin/ip netns add $s
    /usr/bin/ip netns exec $s /usr/bin/busybox sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
/usr/bin/ip link add va netns a address 02:00:00:00:00:0a type veth peer name vb netns b address 02:00:00:00:00:0b
n=1
for s in a b; do
    /usr/bin/ip -n $s link set lo up
    /usr/bin/ip -n $s link set v$s up
    if [ "$CIPHER" != none ]; then
        /usr/bin/ip -n $s link add link v$s macsec0 type macsec port 1 cipher "$CIPHER" encrypt on send_sci on \
            replay on window "$WINDOW" validate strict
        /usr/bin/ip -n $s addr add 10.77.0.$n/24 dev macsec0
        /usr/bin/ip -n $s link set macsec0 up
    fi
    n=$((n + 1))
done
echo ok
