package dev.mqtemplate.client.protocol;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One remoting command, request or response, as an immutable value: the header fields, the custom header flattened
 * to string extension fields, and the body.
 *
 * <p>A request may carry a {@link CustomHeader} instead of a map: the codecs then let it write its fields itself,
 * and {@link #extFields()} builds the map only when someone asks for it.
 *
 * <p>Instances are thread-safe. {@code extFields} is copied and unmodifiable, keeping insertion order. The body
 * array is not copied (bodies can be megabytes): whoever passes one in hands it over and must not modify it later,
 * and {@link #body()} returns the same array, which callers must treat as read-only.
 */
public final class RemotingCommand {

    /** Flag bit 0: set on responses, clear on requests. */
    public static final int FLAG_RESPONSE = 0x1;

    /** Flag bit 1: the receiver must not answer. */
    public static final int FLAG_ONEWAY = 0x2;

    private final int code;

    private final byte language;

    private final int version;

    private final int opaque;

    private final int flag;

    private final String remark;

    /** The fields as a map; {@code null} while a custom header has not been asked for its map. */
    private volatile Map<String, String> extFields;

    /** Writes the fields when present; {@code extFields} is then only a cache of its map. */
    private final CustomHeader customHeader;

    private final byte[] body;

    /** Writes the body into the frame when present; {@code body} is then {@code null}. */
    private final BodyWriter bodyWriter;

    private RemotingCommand(int code, byte language, int version, int opaque, int flag, String remark,
            Map<String, String> extFields, CustomHeader customHeader, byte[] body) {
        this(code, language, version, opaque, flag, remark, extFields, customHeader, body, null);
    }

    private RemotingCommand(int code, byte language, int version, int opaque, int flag, String remark,
            Map<String, String> extFields, CustomHeader customHeader, byte[] body, BodyWriter bodyWriter) {
        this.code = code;
        this.language = language;
        this.version = version;
        this.opaque = opaque;
        this.flag = flag;
        this.remark = remark;
        this.extFields = extFields;
        this.customHeader = customHeader;
        this.body = body;
        this.bodyWriter = bodyWriter;
    }

    /**
     * A command with every header field given, as decoders and fake servers need it.
     * @param extFields copied; may be {@code null} for none; keys and values must not be {@code null}
     * @param body may be {@code null}; not copied
     */
    public static RemotingCommand of(int code, byte language, int version, int opaque, int flag, String remark,
            Map<String, String> extFields, byte[] body) {
        return new RemotingCommand(code, language, version, opaque, flag, remark, copyOf(extFields), null, body);
    }

    /**
     * Like {@link #of}, for decoders that built {@code extFields} themselves and hand it over: no copy is made.
     * @param extFields not copied, no longer modified by the caller, without {@code null} keys or values; may be
     * {@code null} for none
     */
    static RemotingCommand decoded(int code, byte language, int version, int opaque, int flag, String remark,
            Map<String, String> extFields, byte[] body) {
        Map<String, String> fields = (extFields == null || extFields.isEmpty()) ? Collections.emptyMap()
                : extFields instanceof DecodedFields unmodifiable ? unmodifiable
                : Collections.unmodifiableMap(extFields);
        return new RemotingCommand(code, language, version, opaque, flag, remark, fields, null, body);
    }

    /**
     * A request from this client: language JAVA, version {@link MQVersion#CURRENT}, flag 0, opaque 0 (the transport
     * assigns the real one with {@link #withOpaque(int)}).
     * @param extFields custom header fields; may be {@code null} for none
     * @param body may be {@code null}; not copied
     */
    public static RemotingCommand request(int code, Map<String, String> extFields, byte[] body) {
        return of(code, LanguageCode.JAVA, MQVersion.CURRENT, 0, 0, null, extFields, body);
    }

    /**
     * A request from this client whose custom header writes itself into the frame, otherwise like
     * {@link #request(int, Map, byte[])}.
     * @param body may be {@code null}; not copied
     */
    public static RemotingCommand requestWithHeader(int code, CustomHeader header, byte[] body) {
        Objects.requireNonNull(header, "header");
        return new RemotingCommand(code, LanguageCode.JAVA, MQVersion.CURRENT, 0, 0, null, null, header, body);
    }

    /**
     * A request whose custom header and body both write themselves into the frame; see
     * {@link #requestWithHeader(int, CustomHeader, byte[])}. {@link #body()} is {@code null} for it.
     */
    public static RemotingCommand requestWithHeader(int code, CustomHeader header, BodyWriter body) {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(body, "body");
        return new RemotingCommand(code, LanguageCode.JAVA, MQVersion.CURRENT, 0, 0, null, null, header, null, body);
    }

    /**
     * A oneway request from this client (no response expected), otherwise like {@link #request}.
     */
    public static RemotingCommand oneway(int code, Map<String, String> extFields, byte[] body) {
        return request(code, extFields, body).asOneway();
    }

    /**
     * A response with opaque 0, for tests and fake servers; see {@link #responseTo} to answer a request.
     * @param remark error text, may be {@code null}
     */
    public static RemotingCommand response(int code, String remark, Map<String, String> extFields, byte[] body) {
        return of(code, LanguageCode.JAVA, MQVersion.CURRENT, 0, FLAG_RESPONSE, remark, extFields, body);
    }

    /**
     * A response that answers {@code request}: it carries the request's opaque, as a responder must.
     */
    public static RemotingCommand responseTo(RemotingCommand request, int code, String remark,
            Map<String, String> extFields, byte[] body) {
        return response(code, remark, extFields, body).withOpaque(request.opaque());
    }

    /**
     * This command with another opaque (request id).
     */
    public RemotingCommand withOpaque(int opaque) {
        return new RemotingCommand(this.code, this.language, this.version, opaque, this.flag, this.remark,
                this.extFields, this.customHeader, this.body, this.bodyWriter);
    }

    /**
     * This request with {@code fields} in place of its extension fields (a signer's copy), the body unchanged.
     * @param fields handed over: not copied, no longer modified by the caller, without {@code null} keys or values
     */
    RemotingCommand withSignedFields(Map<String, String> fields) {
        return new RemotingCommand(this.code, this.language, this.version, this.opaque, this.flag, this.remark,
                Collections.unmodifiableMap(fields), null, this.body, this.bodyWriter);
    }

    /**
     * This command with the oneway flag set.
     */
    public RemotingCommand asOneway() {
        return new RemotingCommand(this.code, this.language, this.version, this.opaque, this.flag | FLAG_ONEWAY,
                this.remark, this.extFields, this.customHeader, this.body, this.bodyWriter);
    }

    /**
     * Request code for a request, response code for a response.
     */
    public int code() {
        return this.code;
    }

    /**
     * The sender's {@link LanguageCode}.
     */
    public byte language() {
        return this.language;
    }

    /**
     * The sender's version ordinal, see {@link MQVersion}.
     */
    public int version() {
        return this.version;
    }

    /**
     * Request id; a response carries the id of the request it answers.
     */
    public int opaque() {
        return this.opaque;
    }

    public int flag() {
        return this.flag;
    }

    /**
     * Error or status text, mostly on responses; may be {@code null}.
     */
    public String remark() {
        return this.remark;
    }

    /**
     * The custom header fields; never {@code null}, unmodifiable, in insertion (or wire) order.
     */
    public Map<String, String> extFields() {
        Map<String, String> fields = this.extFields;
        if (fields == null) {
            // Only a custom header leaves this null; racing threads build equal maps, either may win.
            fields = copyOf(this.customHeader.toMap());
            this.extFields = fields;
        }
        return fields;
    }

    /**
     * One custom header field, or {@code null} if absent.
     */
    public String extField(String name) {
        return extFields().get(name);
    }

    /**
     * The custom header that writes the fields itself, or {@code null} when the command was built from a map.
     */
    CustomHeader customHeader() {
        return this.customHeader;
    }

    /**
     * The body, or {@code null} if there is none or it writes itself ({@link #bodyWriter()}). Read-only by contract.
     */
    public byte[] body() {
        return this.body;
    }

    /** The writer of a body that writes itself into the frame, or {@code null}. */
    BodyWriter bodyWriter() {
        return this.bodyWriter;
    }

    /** The length of the body in the frame, whichever way it is given. */
    public int bodyLength() {
        return this.body != null ? this.body.length : this.bodyWriter != null ? this.bodyWriter.length() : 0;
    }

    /**
     * Whether flag bit 0 marks this command as a response. Classify incoming commands by this, never by opaque:
     * requests the broker initiates carry opaques from its own counter.
     */
    public boolean isResponse() {
        return (this.flag & FLAG_RESPONSE) != 0;
    }

    /**
     * Whether flag bit 1 marks this command as oneway: the receiver sends no response.
     */
    public boolean isOneway() {
        return (this.flag & FLAG_ONEWAY) != 0;
    }

    private static Map<String, String> copyOf(Map<String, String> extFields) {
        if (extFields == null || extFields.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, String> copy = new LinkedHashMap<>(extFields.size() * 4 / 3 + 1);
        extFields.forEach((name, value) -> {
            // Neither header form can carry a null key or value, so refuse them here rather than at encoding time.
            Objects.requireNonNull(name, "extFields must not contain a null key");
            Objects.requireNonNull(value, () -> "extFields value of '" + name + "' must not be null");
            copy.put(name, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof RemotingCommand that)) {
            return false;
        }
        return this.code == that.code && this.language == that.language && this.version == that.version
                && this.opaque == that.opaque && this.flag == that.flag && Objects.equals(this.remark, that.remark)
                && extFields().equals(that.extFields()) && Arrays.equals(this.body, that.body)
                && Objects.equals(this.bodyWriter, that.bodyWriter);
    }

    @Override
    public int hashCode() {
        int result = Objects.hash(this.code, this.language, this.version, this.opaque, this.flag, this.remark,
                extFields());
        return 31 * result + Arrays.hashCode(this.body);
    }

    /**
     * A one-line description; the body appears only as its length, since it can be large or sensitive.
     */
    @Override
    public String toString() {
        String codeName = isResponse() ? ResponseCode.name(this.code) : RequestCode.name(this.code);
        String language = LanguageCode.name(this.language);
        return "RemotingCommand[" + (isResponse() ? "response " : "request ") + codeName + ", opaque=" + this.opaque
                + ", flag=" + this.flag + ", language=" + ((language != null) ? language : this.language)
                + ", version=" + this.version + ((this.remark != null) ? ", remark=" + this.remark : "")
                + ", extFields=" + extFields() + ", body="
                + ((this.body != null || this.bodyWriter != null) ? bodyLength() + " bytes" : "none") + "]";
    }
}
