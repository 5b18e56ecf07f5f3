package org.qkdmacsec.lab.iosxr;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/** The part of an IOS-XR configuration the simulator models: key chains and interface MACsec bindings. */
record XrConfig(SortedMap<String, KeyChain> chains, SortedMap<String, InterfaceConfig> interfaces) {
    static final XrConfig EMPTY = new XrConfig(new TreeMap<>(), new TreeMap<>());

    XrConfig {
        chains = Collections.unmodifiableSortedMap(new TreeMap<>(chains));
        interfaces = Collections.unmodifiableSortedMap(new TreeMap<>(interfaces));
    }

    XrConfig withChain(KeyChain chain) {
        TreeMap<String, KeyChain> c = new TreeMap<>(chains);
        c.put(chain.name(), chain);
        return new XrConfig(c, interfaces);
    }

    XrConfig withoutChain(String name) {
        TreeMap<String, KeyChain> c = new TreeMap<>(chains);
        c.remove(name);
        return new XrConfig(c, interfaces);
    }

    /** Applies {@code f} to chain {@code name} (created, not macsec, when absent). */
    XrConfig editChain(String name, UnaryOperator<KeyChain> f) {
        return withChain(f.apply(chains.getOrDefault(name, KeyChain.named(name, false))));
    }

    /** Applies {@code f} to interface {@code name}; an interface left with no configuration is dropped. */
    XrConfig editInterface(String name, UnaryOperator<InterfaceConfig> f) {
        TreeMap<String, InterfaceConfig> i = new TreeMap<>(interfaces);
        InterfaceConfig edited = f.apply(interfaces.getOrDefault(name, InterfaceConfig.empty(name)));
        if (edited.isEmpty()) {
            i.remove(name);
        } else {
            i.put(name, edited);
        }
        return new XrConfig(chains, i);
    }
}
