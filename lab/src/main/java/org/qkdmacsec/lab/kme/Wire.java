package org.qkdmacsec.lab.kme;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;

/** The JSON shapes of ETSI GS QKD 014 v1.1.1, with the spec's exact field names. */
final class Wire {
    private Wire() {}

    /**
     * Strict on input so a client's mistake (a misspelt field, "8" for 8, 8.5 for 8) is a 400 naming it
     * rather than silently ignored.
     */
    static final ObjectMapper JSON = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    /** Key request (POST enc_keys). */
    record KeyRequest(
            @JsonProperty("number") Integer number,
            @JsonProperty("size") Integer size,
            @JsonProperty("additional_slave_SAE_IDs") List<String> additionalSlaveSaeIds,
            @JsonProperty("extension_mandatory") List<JsonNode> extensionMandatory,
            @JsonProperty("extension_optional") List<JsonNode> extensionOptional) {}

    /** Key IDs (POST dec_keys). */
    record KeyIds(
            @JsonProperty("key_IDs") List<KeyId> keyIds,
            @JsonProperty("key_IDs_extension") JsonNode keyIdsExtension) {}

    record KeyId(
            @JsonProperty("key_ID") String keyId,
            @JsonProperty("key_ID_extension") JsonNode keyIdExtension) {}

    /** Key container (enc_keys and dec_keys responses). */
    record KeyContainer(@JsonProperty("keys") List<Key> keys) {}

    /** One key; {@code key} is base64. */
    record Key(@JsonProperty("key_ID") String keyId, @JsonProperty("key") String key) {
        @Override
        public String toString() {
            return "Key[" + keyId + ", redacted]";
        }
    }

    record Status(
            @JsonProperty("source_KME_ID") String sourceKmeId,
            @JsonProperty("target_KME_ID") String targetKmeId,
            @JsonProperty("master_SAE_ID") String masterSaeId,
            @JsonProperty("slave_SAE_ID") String slaveSaeId,
            @JsonProperty("key_size") int keySize,
            @JsonProperty("stored_key_count") int storedKeyCount,
            @JsonProperty("max_key_count") int maxKeyCount,
            @JsonProperty("max_key_per_request") int maxKeyPerRequest,
            @JsonProperty("max_key_size") int maxKeySize,
            @JsonProperty("min_key_size") int minKeySize,
            @JsonProperty("max_SAE_ID_count") int maxSaeIdCount) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(@JsonProperty("message") String message, @JsonProperty("details") List<Detail> details) {}

    /** One entry of an error's {@code details}: which field and what is wrong with it. */
    record Detail(@JsonProperty("field") String field, @JsonProperty("problem") String problem) {}
}
