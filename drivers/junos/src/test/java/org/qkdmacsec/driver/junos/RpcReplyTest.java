package org.qkdmacsec.driver.junos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXException;

/** rpc-error parsing: warnings never fail, errors always do, wherever they sit in the reply. */
class RpcReplyTest {
    private static final String NS = "xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\" "
            + "xmlns:junos=\"http://xml.juniper.net/junos/21.4R0/junos\"";

    static RpcReply reply(String xml) throws SAXException {
        return RpcReply.of("7", SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8)).getDocumentElement());
    }

    @Test
    void okWithAWarningSucceeds() throws Exception {
        RpcReply r = reply("<rpc-reply " + NS + " message-id=\"7\"><rpc-error><error-type>protocol</error-type>"
                + "<error-tag>operation-failed</error-tag><error-severity>warning</error-severity>"
                + "<error-message>statement not found</error-message></rpc-error><ok/></rpc-reply>");
        assertFalse(r.failed());
        assertEquals(1, r.warnings().size());
        assertEquals("warning: statement not found", r.warnings().get(0).describe());
    }

    @Test
    void errorsNestedInLoadResultsFailEvenWithDataAndOkAround() throws Exception {
        RpcReply r = reply("<rpc-reply " + NS + " message-id=\"7\"><load-configuration-results>"
                + "<rpc-error><error-severity>warning</error-severity><error-message>harmless</error-message></rpc-error>"
                + "<rpc-error><error-type>application</error-type><error-tag>invalid-value</error-tag>"
                + "<error-severity>error</error-severity>"
                + "<error-path>[edit security authentication-key-chains key-chain QKD_CA1 key 70]</error-path>"
                + "<error-info><bad-element>70</bad-element></error-info>"
                + "<error-message>Value 70 is not within range (0..63)</error-message></rpc-error>"
                + "<ok/></load-configuration-results></rpc-reply>");
        assertTrue(r.failed());
        assertEquals(1, r.errors().size());
        RpcError e = r.errors().get(0);
        assertEquals(Optional.of("invalid-value"), e.tag());
        assertEquals(Optional.of("application"), e.type());
        assertEquals(List.of("bad-element=70"), e.info());
        assertEquals("error: Value 70 is not within range (0..63) (at [edit security authentication-key-chains key-chain "
                + "QKD_CA1 key 70]; bad-element=70)", r.errorSummary());
    }

    @Test
    void missingSeverityCountsAsAnError() throws Exception {
        assertTrue(reply("<rpc-reply " + NS + "><commit-results><rpc-error><error-message>commit failed</error-message>"
                + "</rpc-error></commit-results></rpc-reply>").failed());
    }

    @Test
    void lockConflictsAreRecognisedByTagOrByJunosWording() throws Exception {
        assertTrue(reply("<rpc-reply " + NS + "><rpc-error><error-tag>lock-denied</error-tag><error-severity>error"
                + "</error-severity><error-info><session-id>41</session-id></error-info><error-message>x</error-message>"
                + "</rpc-error></rpc-reply>").errors().get(0).isLockConflict());
        assertTrue(reply("<rpc-reply " + NS + "><rpc-error><error-severity>error</error-severity><error-message>"
                + "configuration database locked by: netops terminal p0 (pid 1234)</error-message></rpc-error></rpc-reply>")
                .errors().get(0).isLockConflict());
        assertFalse(reply("<rpc-reply " + NS + "><rpc-error><error-severity>error</error-severity><error-message>"
                + "syntax error</error-message></rpc-error></rpc-reply>").errors().get(0).isLockConflict());
    }

    @Test
    void doctypeAndExternalEntitiesAreRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><rpc-reply>&x;</rpc-reply>";
        assertThrows(SAXException.class, () -> SecureXml.parse(xxe.getBytes(StandardCharsets.UTF_8)));
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]><r>&b;</r>";
        assertThrows(SAXException.class, () -> SecureXml.parse(bomb.getBytes(StandardCharsets.UTF_8)));
    }
}
