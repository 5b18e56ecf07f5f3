package org.qkdmacsec.lab.kme;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Works out which SAE is calling one KME, and refuses (401) a caller not attached to it.
 * With mutual TLS the SAE ID is the client certificate's subject CN. A plain-HTTP KME has no
 * identity to go on, so the caller is inferred from the path's peer relationship: it is the one
 * SAE attached to this KME other than the SAE named in the path (the slave for status/enc_keys, the
 * master for dec_keys). With several candidates the KME cannot tell and answers 401.
 */
final class Callers {
    private final String kmeId;
    private final KmeMode mode;
    private final Topology topology;

    Callers(String kmeId, KmeMode mode, Topology topology) {
        this.kmeId = kmeId;
        this.mode = mode;
        this.topology = topology;
    }

    String identify(HttpExchange exchange, Route route) throws EtsiError {
        String caller = mode == KmeMode.MTLS ? certificateCn(exchange) : inferred(route);
        if (!kmeId.equals(topology.kmeOf(caller))) {
            throw EtsiError.unauthorized("SAE '" + caller + "' is not attached to KME '" + kmeId + "'");
        }
        return caller;
    }

    private String inferred(Route route) throws EtsiError {
        List<String> candidates = topology.saesAt(kmeId).stream().filter(s -> !s.equals(route.saeId())).toList();
        if (candidates.size() != 1) {
            throw EtsiError.unauthorized("plain-HTTP KME '" + kmeId + "' cannot tell which SAE is calling: "
                    + "candidates " + candidates + " (attach exactly one SAE besides the peer)");
        }
        return candidates.get(0);
    }

    private static String certificateCn(HttpExchange exchange) throws EtsiError {
        if (!(exchange instanceof HttpsExchange https)) {
            throw EtsiError.unauthorized("a client certificate is required");
        }
        Certificate[] chain;
        try {
            chain = https.getSSLSession().getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            throw EtsiError.unauthorized("a client certificate is required");
        }
        X509Certificate leaf = (X509Certificate) chain[0];
        RDN[] cns = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
        if (cns.length != 1 || cns[0].isMultiValued()
                || !(cns[0].getFirst().getValue() instanceof ASN1String cn)) {
            throw EtsiError.unauthorized("client certificate subject '" + leaf.getSubjectX500Principal().getName()
                    + "' must carry exactly one CN, the SAE ID");
        }
        return cn.getString();
    }
}
