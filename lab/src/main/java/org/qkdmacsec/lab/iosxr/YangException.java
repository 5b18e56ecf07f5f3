package org.qkdmacsec.lab.iosxr;

/** A gNMI request that does not fit the YANG models the router implements (unknown node, wrong type, …). */
final class YangException extends Exception {
    YangException(String message) {
        super(message);
    }
}
