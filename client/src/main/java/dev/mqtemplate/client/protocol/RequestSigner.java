package dev.mqtemplate.client.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs requests the way RocketMQ's ACL expects (the official {@code AclClientRPCHook}; 5.3's ACL 2.0 checks the
 * same signature): adds {@code AccessKey} (and {@code SecurityToken}) to the extension fields, then
 * {@code Signature} = Base64(HMAC-SHA1(secret key, the values of every other field in key order, concatenated, UTF-8,
 * followed by the body)). The broker rebuilds that content from what it received, so signing happens last, as the
 * frame is written, and covers every field on the wire. Thread-safe: one MAC per thread.
 */
public final class RequestSigner {

    /** The extension field carrying the access key (ACL 2.0: the user name). */
    public static final String ACCESS_KEY = "AccessKey";

    /** The extension field carrying the signature. */
    public static final String SIGNATURE = "Signature";

    /** The extension field carrying the optional security token. */
    public static final String SECURITY_TOKEN = "SecurityToken";

    private static final String ALGORITHM = "HmacSHA1";

    private final String accessKey;

    private final String securityToken;

    private final SecretKeySpec key;

    private final ThreadLocal<Mac> macs;

    /**
     * @param securityToken may be {@code null}
     */
    public RequestSigner(String accessKey, String secretKey, String securityToken) {
        this.accessKey = accessKey;
        this.securityToken = securityToken;
        this.key = new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
        newMac(); // a key the JDK refuses fails here, when the client is built, not on the first send
    }

    /** The access key requests are signed for, named in authentication and authorization errors. */
    public String accessKey() {
        return accessKey;
    }

    /**
     * The request with the credential fields and its signature added. {@code bodyHolder} lends a buffer allocator
     * for bodies that write themselves ({@link BodyWriter}); nothing is written to it.
     *
     * @param serialization the header form it will be written in: the binary form turns empty values into null on
     * the receiver, which signs them as the text {@code null}
     */
    RemotingCommand sign(RemotingCommand request, HeaderSerialization serialization, ByteBuf bodyHolder) {
        Map<String, String> fields = request.extFields();
        Map<String, String> signed = new LinkedHashMap<>(fields.size() * 4 / 3 + 4);
        signed.putAll(fields);
        signed.remove(SIGNATURE);
        signed.put(ACCESS_KEY, accessKey);
        if (securityToken != null) {
            signed.put(SECURITY_TOKEN, securityToken);
        }
        String[] keys = signed.keySet().toArray(new String[0]);
        Arrays.sort(keys); // String order (UTF-16 units), as the broker's TreeMap has them
        Mac mac = macs.get();
        for (String name : keys) {
            String value = signed.get(name);
            if (value.isEmpty() && serialization == HeaderSerialization.BINARY) {
                value = "null";
            }
            mac.update(value.getBytes(StandardCharsets.UTF_8));
        }
        if (request.body() != null) {
            mac.update(request.body());
        } else if (request.bodyWriter() != null) {
            updateWithWrittenBody(mac, request.bodyWriter(), bodyHolder);
        }
        signed.put(SIGNATURE, Base64.getEncoder().encodeToString(mac.doFinal()));
        return request.withSignedFields(signed);
    }

    private static void updateWithWrittenBody(Mac mac, BodyWriter writer, ByteBuf bodyHolder) {
        ByteBuf body = bodyHolder.alloc().heapBuffer(writer.length());
        try {
            writer.writeTo(body);
            mac.update(body.array(), body.arrayOffset() + body.readerIndex(), body.readableBytes());
        } finally {
            body.release();
        }
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign requests with " + ALGORITHM + ": " + e.getMessage(), e);
        }
    }

    /** Names the access key only. */
    @Override
    public String toString() {
        return "RequestSigner[accessKey=" + accessKey + "]";
    }
}
