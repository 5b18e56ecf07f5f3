package org.qkdmacsec.controller.api;

/** Whether reading the API (links, history, metrics, …) needs the bearer token. Changes always do. */
public enum ReadAccess {
    /** Anyone who can reach the port may read (the default on a loopback address). */
    OPEN,
    /** Reads need the token too (the default on any other address). */
    TOKEN
}
