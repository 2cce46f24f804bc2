package dev.mqtemplate.localbroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Apache RocketMQ cluster on 127.0.0.1: one or more NameServers and Brokers (masters), each in a child JVM on
 * free ports, with a store in a temporary folder. {@link #start()} returns once a real send through the official
 * producer has succeeded on every broker; {@link #close()} kills every process and deletes the folder.
 *
 * <p>Starting takes about 7 s on an idle 2-core machine, so start one per test run or class and reuse it. Not thread-safe for concurrent
 * start/stop; reading messages is.
 */
public final class LocalRocketMQ implements AutoCloseable {

    /** Name of the cluster every local broker registers in. */
    public static final String CLUSTER_NAME = "LocalCluster";

    private final Path workDirectory;

    private final List<LocalNameServer> nameServers = new ArrayList<>();

    private final List<LocalBroker> brokers = new ArrayList<>();

    /** Responders started on this cluster, killed with it. */
    private final List<LocalResponder> responders = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final Duration readinessBudget;

    /** ACL 2.0 settings, or {@code null} when the brokers do not authenticate. */
    private final AclSettings acl;

    /** The TLS material of a TLS cluster, {@code null} for a plaintext one. */
    private final LocalTls tls;

    /** The RocketMQ Proxy in front of the brokers, {@code null} unless {@link Builder#proxy(boolean)}. */
    private final LocalProxy proxy;

    /** The controller of an HA cluster, or {@code null}. */
    private LocalController controller;

    /** Whether each broker name is a master/slave group with automatic master election ({@link Builder#haGroup}). */
    private final boolean haGroup;

    private LocalRocketMQ(Builder builder) {
        this.readinessBudget = builder.readinessBudget;
        this.acl = builder.acl;
        try {
            this.workDirectory = Files.createTempDirectory("mqtemplate-local-broker-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < builder.nameServers; i++) {
            String name = "namesrv-" + i;
            nameServers.add(new LocalNameServer(name, FreePorts.single(), workDirectory.resolve(name),
                    builder.nameServerHeap));
        }
        for (int i = 0; i < builder.brokers; i++) {
            String name = "broker-" + (char) ('a' + i);
            brokers.add(new LocalBroker(name, FreePorts.brokerListenPort(), workDirectory.resolve(name), CLUSTER_NAME,
                    builder.brokerHeap, this::nameServerAddress, builder.timerWheel));
        }
        this.haGroup = builder.haGroup;
        if (haGroup) {
            addReplicas(builder);
        }
        if (acl != null) {
            brokers.forEach(broker -> broker.addConfig(acl.brokerConfig()));
        }
        this.tls = builder.tlsMode == null ? null
                : builder.tls != null ? builder.tls : LocalTls.generate(workDirectory.resolve("tls"));
        this.proxy = builder.proxy ? newProxy() : null;
        if (tls != null) {
            nameServers.forEach(server -> server.addJvmOptions(tls.serverProperties(builder.tlsMode, server.home())));
            brokers.forEach(broker -> broker.addJvmOptions(tls.serverProperties(builder.tlsMode, broker.home())));
        }
    }

    private LocalProxy newProxy() {
        return new LocalProxy("proxy", FreePorts.single(), FreePorts.single(), workDirectory.resolve("proxy"),
                CLUSTER_NAME, this::nameServerAddress);
    }

    /**
     * The RocketMQ 5 Proxy of a cluster built with {@link Builder#proxy(boolean)}, or {@code null}. Its
     * {@link LocalProxy#address()} is what a remoting client takes as its name server to go through it.
     */
    public LocalProxy proxy() {
        return proxy;
    }

    /**
     * Turns each broker into a group of two members of the same broker name: the first keeps the broker's name, the
     * second is named {@code <name>-replica}. A controller of their own elects their master.
     */
    private void addReplicas(Builder builder) {
        controller = new LocalController("controller", FreePorts.single(), FreePorts.single(),
                workDirectory.resolve("controller"));
        for (LocalBroker member : List.copyOf(brokers)) {
            String name = member.name() + "-replica";
            LocalBroker replica = new LocalBroker(name, FreePorts.brokerListenPort(), workDirectory.resolve(name),
                    CLUSTER_NAME, builder.brokerHeap, this::nameServerAddress, builder.timerWheel);
            brokers.add(replica);
            member.addConfig(HAGroupSettings.member(member.name(), controller.address()));
            replica.addConfig(HAGroupSettings.member(member.name(), controller.address()));
        }
    }

    /**
     * The TLS material clients of a TLS cluster trust ({@link LocalTls#caCertificate()}), or {@code null} when the
     * cluster was built without {@link Builder#tls(LocalTls.Mode)}.
     */
    public LocalTls tls() {
        return tls;
    }

    /** JVM options of a child that runs the official client: with TLS properties on a TLS cluster. */
    private List<String> toolOptions(List<String> options, Path home) {
        return tls == null ? options
                : Stream.concat(options.stream(), tls.clientProperties(home).stream()).toList();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts every name server and broker, then waits until each broker has stored a message. */
    public LocalRocketMQ start() {
        try {
            // Name servers first: a broker that boots before they listen fails its first registration and is not
            // routable until its next one, 10 s later. Then the brokers and their readiness probes at once: each
            // probe's JVM and producer start while its broker boots, and retry until the broker is routable.
            nameServers.forEach(LocalProcess::launch);
            nameServers.forEach(LocalProcess::awaitListening);
            if (haGroup) {
                startHAGroups();
            } else {
                brokers.forEach(LocalProcess::launch);
                List<Process> probes = brokers.stream().map(this::launchReadinessProbe).toList();
                brokers.forEach(LocalProcess::awaitListening);
                for (int i = 0; i < brokers.size(); i++) {
                    checkReady(brokers.get(i), probes.get(i));
                }
            }
            if (proxy != null) {
                // once the brokers are routable, so its first route lookups find them
                proxy.start();
            }
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The first member of each group first, so that the controller elects it master; once it stores messages, the
     * replicas. A replica joins the sync state set (and may then be elected) once it has caught up and the master's
     * next check (every second) sees it: an empty group's replica catches up at once, so a few seconds suffice.
     */
    private void startHAGroups() {
        List<LocalBroker> firsts = brokers.stream().filter(b -> !b.name().endsWith("-replica")).toList();
        List<LocalBroker> replicas = brokers.stream().filter(b -> b.name().endsWith("-replica")).toList();
        controller.start();
        firsts.forEach(LocalProcess::launch);
        firsts.forEach(LocalProcess::awaitListening);
        firsts.forEach(this::awaitReady);
        replicas.forEach(LocalProcess::launch);
        replicas.forEach(LocalProcess::awaitListening);
        replicas.forEach(this::awaitReady);
        LocalProcess.sleep(5000);
    }

    /**
     * Waits until the official producer stores a message on the given broker: a broker is routable only once it has
     * registered with the name servers. Call it after restarting a broker.
     */
    public void awaitReady(LocalBroker broker) {
        checkReady(broker, launchReadinessProbe(broker));
    }

    private Process launchReadinessProbe(LocalBroker broker) {
        // a topic only this broker serves, so success proves that this broker is routable
        String topic = "local_ready_" + broker.name().replace('-', '_');
        return launchTool("dev.mqtemplate.localbroker.runtime.ReadinessProbe",
                List.of(liveNameServerAddress(), topic, Long.toString(readinessBudget.toMillis())), toolEnvironment());
    }

    private void checkReady(LocalBroker broker, Process probe) {
        List<String> out = collectTool(probe, "the readiness probe", readinessBudget.plusSeconds(20),
                broker.home().resolve("readiness.log"));
        if (out.stream().noneMatch(line -> line.startsWith("READY"))) {
            throw new IllegalStateException(broker.name() + " not ready within " + readinessBudget + ": " + out
                    + "; broker log: " + LogTail.of(broker.log()));
        }
    }

    /** The name server list in the form clients take: {@code 127.0.0.1:p1;127.0.0.1:p2}. */
    public String nameServerAddress() {
        return nameServers.stream().map(LocalProcess::address).collect(Collectors.joining(";"));
    }

    /**
     * The running name servers only. Our own tools (readiness probe, read-back) use this list: the official client
     * fails a lookup outright when the first name server it picks is dead.
     */
    public String liveNameServerAddress() {
        return nameServers.stream().filter(LocalProcess::isRunning).map(LocalProcess::address)
                .collect(Collectors.joining(";"));
    }

    public List<LocalNameServer> nameServers() {
        return List.copyOf(nameServers);
    }

    public List<LocalBroker> brokers() {
        return List.copyOf(brokers);
    }

    /** The broker of the given name, e.g. {@code broker-a}. */
    public LocalBroker broker(String name) {
        return brokers.stream().filter(b -> b.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no broker named " + name));
    }

    /** The folder holding every server's configuration, store and log. */
    public Path workDirectory() {
        return workDirectory;
    }

    /**
     * Reads every message stored in a topic with the official consumer (in a child JVM), waiting until at least
     * {@code atLeast} messages are there or the budget runs out.
     */
    public List<StoredMessage> readMessages(String topic, int atLeast, Duration budget) {
        List<String> lines = runTool("dev.mqtemplate.localbroker.runtime.MessageDump",
                List.of(liveNameServerAddress(), topic, Integer.toString(atLeast), Long.toString(budget.toMillis())),
                budget.plusSeconds(30), null);
        return StoredMessage.parseDump(lines, topic);
    }

    /**
     * Reads every message stored in a topic, in one pass that starts at {@code at}, with the official consumer (in a
     * child JVM started now, which gets ready and then waits): what a consumer could read at that time, for tests
     * of what is not there yet. Throws {@link IllegalStateException} when the pass could not start within
     * {@code lateness} after {@code at} (a slow machine): its result would say nothing about that time. The topic
     * must exist.
     */
    public List<StoredMessage> readMessagesAt(String topic, java.time.Instant at, Duration lateness) {
        Duration untilThen = Duration.between(java.time.Instant.now(), at);
        List<String> lines = runTool("dev.mqtemplate.localbroker.runtime.MessageDump",
                List.of(liveNameServerAddress(), topic, "0", "0", Long.toString(at.toEpochMilli()),
                        Long.toString(lateness.toMillis())),
                (untilThen.isNegative() ? Duration.ZERO : untilThen).plus(lateness).plusSeconds(30), null);
        return StoredMessage.parseDump(lines, topic);
    }

    /**
     * Starts a responder to request-reply calls on {@code topic}, in a child JVM, with the official client: a push
     * consumer (group {@code local-responder-<topic>}, reading from the first offset) that answers each request with
     * {@code MessageUtil.createReplyMessage}, after {@code delay} (zero for at once). The reply's body is
     * {@code reply:} + the request's body; its property {@code requestUniqKey} is the request's UNIQ_KEY. Returns
     * once it consumes. Create the topic first: a consumer of a topic that does not exist yet gets its queues only at
     * its next rebalance, 20 s later. Closing the responder, or this cluster, kills it.
     */
    public LocalResponder startResponder(String topic, Duration delay) {
        Path home = workDirectory.resolve("responders");
        Path log = home.resolve(topic + "-" + System.nanoTime() + ".log");
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process process = ChildJvm.start("dev.mqtemplate.localbroker.runtime.Responder",
                toolOptions(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), home),
                List.of(liveNameServerAddress(), topic, Long.toString(delay.toMillis())), home, log,
                toolEnvironment());
        LocalResponder responder = new LocalResponder(process, log);
        responders.add(responder);
        responder.awaitReady(readinessBudget);
        return responder;
    }

    /**
     * Whether the brokers run with ACL 2.0 ({@link Builder#acl}): every request must then be signed by a user the
     * brokers know, and allowed by its rules.
     */
    public boolean aclEnabled() {
        return acl != null;
    }

    /** The access key of the super user of an ACL cluster ({@link Builder#acl}), or {@code null}. */
    public String aclAdminAccessKey() {
        return acl == null ? null : acl.adminAccessKey();
    }

    /**
     * Creates a normal ACL 2.0 user on every broker, signed as the super user with the official admin client
     * ({@code DefaultMQAdminExt.createUser}). A normal user may do nothing until {@link #allow} gives it rights.
     * The secret goes to the tool's environment, never on a command line or in a log.
     *
     * @throws IllegalStateException if the cluster has no ACL, or a broker refused
     */
    public void createUser(String accessKey, String secretKey) {
        authAdmin(Map.of(AclSettings.USER_SECRET_ENV, secretKey), "user", accessKey);
    }

    /**
     * Adds an Allow rule on every broker for {@code accessKey} on {@code resource}, from any address: resources as
     * ACL 2.0 writes them ({@code Topic:orders}, {@code Group:readers}, {@code Topic:*}), actions as it names them
     * ({@code Pub}, {@code Sub}, {@code Get}, ...). Other resources stay denied. Rules are read by the broker when
     * asked, so add them before the user's first request.
     *
     * @throws IllegalStateException if the cluster has no ACL, or a broker refused
     */
    public void allow(String accessKey, String resource, String... actions) {
        authAdmin(Map.of(), "allow", accessKey, resource, String.join(",", actions));
    }

    private void authAdmin(Map<String, String> environment, String... command) {
        if (acl == null) {
            throw new IllegalStateException("this cluster runs without ACL: start it with LocalRocketMQ.builder().acl(...)");
        }
        String brokerAddresses = brokers.stream().map(LocalProcess::address).collect(Collectors.joining(","));
        List<String> args = new ArrayList<>(List.of(liveNameServerAddress(), brokerAddresses));
        args.addAll(List.of(command));
        Map<String, String> env = new java.util.HashMap<>(acl.toolEnvironment());
        env.putAll(environment);
        List<String> out = runTool("dev.mqtemplate.localbroker.runtime.AuthAdmin", args, Duration.ofSeconds(60), null,
                env);
        if (out.stream().noneMatch(line -> line.equals("OK"))) {
            throw new IllegalStateException("ACL admin command " + command[0] + " for " + command[1] + " failed: "
                    + out);
        }
    }

    private Map<String, String> toolEnvironment() {
        return acl == null ? Map.of() : acl.toolEnvironment();
    }

    /** Kills every process and deletes the work folder. Idempotent. */
    @Override
    public void close() {
        responders.forEach(LocalResponder::close);
        if (proxy != null) {
            proxy.kill();
        }
        brokers.forEach(LocalProcess::kill);
        if (controller != null) {
            controller.kill();
        }
        nameServers.forEach(LocalProcess::kill);
        deleteQuietly(workDirectory);
    }

    private List<String> runTool(String mainClass, List<String> args, Duration budget, Path log) {
        return runTool(mainClass, args, budget, log, toolEnvironment());
    }

    private List<String> runTool(String mainClass, List<String> args, Duration budget, Path log,
            Map<String, String> environment) {
        return collectTool(launchTool(mainClass, args, environment), mainClass, budget, log);
    }

    private Process launchTool(String mainClass, List<String> args, Map<String, String> environment) {
        Path home = workDirectory.resolve("tools");
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the read-back holds every message of a topic at once: a chaos run stores about 100,000
        return ChildJvm.start(mainClass, toolOptions(List.of("-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                home), args, home, null, environment);
    }

    /** The output of a tool's JVM, once it has ended (or the budget ran out: then it is killed). */
    private static List<String> collectTool(Process process, String mainClass, Duration budget, Path log) {
        try {
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            process.waitFor(budget.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            if (log != null) {
                Files.writeString(log, output);
            }
            return output.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + mainClass, e);
        } finally {
            process.destroyForcibly();
        }
    }

    private static void deleteQuietly(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: the folder lives under the temporary directory
        }
    }

    /** Options of a local cluster; every one has a default that suits a test on a small machine. */
    public static final class Builder {

        private int nameServers = 1;

        private int brokers = 1;

        private String nameServerHeap = "256m";

        private String brokerHeap = "512m";

        private Duration readinessBudget = Duration.ofSeconds(45);

        private boolean timerWheel = true;

        private AclSettings acl;

        private LocalTls.Mode tlsMode;

        private LocalTls tls;

        private boolean proxy;

        private boolean haGroup;

        private Builder() {
        }

        /**
         * Also starts a RocketMQ 5 Proxy ({@link LocalRocketMQ#proxy()}) in cluster mode, in its own JVM, once the
         * brokers are ready; default off. Not with {@link #acl} or {@link #tls}.
         */
        public Builder proxy(boolean enabled) {
            this.proxy = enabled;
            return this;
        }

        /**
         * Starts the brokers with RocketMQ 5.3's ACL 2.0: authentication and authorization on, users and rules in
         * each broker's own store, and a super user with these credentials (created at first start; it may do
         * everything). The readiness probe, the read-back and responders sign as that user with the official
         * {@code AclClientRPCHook}. Tests add users and rules with {@link LocalRocketMQ#createUser} and
         * {@link LocalRocketMQ#allow}. The name servers do not authenticate (5.3.3 has no ACL there). Off by
         * default.
         *
         * @param adminAccessKey letters, digits, '-' or '_'
         * @param adminSecretKey without quotes or backslashes (it goes into the broker's configuration as JSON)
         */
        public Builder acl(String adminAccessKey, String adminSecretKey) {
            this.acl = new AclSettings(adminAccessKey, adminSecretKey);
            return this;
        }

        /**
         * Serves TLS on every name server and broker ({@code tls.server.mode} in their JVMs, with a certificate
         * generated into the work folder: {@link LocalRocketMQ#tls()}), default off. The brokers reach the name
         * servers over TLS too, and the read-back consumer, readiness probe and responders use TLS, verifying the
         * certificate; all of that is set in the child JVMs only.
         */
        public Builder tls(LocalTls.Mode mode) {
            return tls(mode, null);
        }

        /** As {@link #tls(LocalTls.Mode)}, with certificates the caller generated ({@link LocalTls#generate}). */
        public Builder tls(LocalTls.Mode mode, LocalTls certificates) {
            this.tlsMode = mode;
            this.tls = certificates;
            return this;
        }

        /**
         * Makes each broker a master/slave group with automatic master election (RocketMQ 5 controller mode), default
         * off: {@code broker-a} and {@code broker-a-replica} both serve broker name {@code broker-a}, and a
         * single-node standalone controller (its own JVM) elects the master. {@code broker-a} starts first
         * and is the first master; kill it ({@link LocalProcess#kill()}, SIGKILL) and the controller promotes the
         * replica, which then registers as the group's master with the name servers. Sends are acknowledged only
         * once the replica has them ({@code allAckInSyncStateSet}). With ACL or TLS untested.
         */
        public Builder haGroup(boolean enabled) {
            this.haGroup = enabled;
            return this;
        }

        /** Number of name servers, default 1. */
        public Builder nameServers(int count) {
            this.nameServers = count;
            return this;
        }

        /** Number of brokers (each a master with its own name), default 1. */
        public Builder brokers(int count) {
            this.brokers = count;
            return this;
        }

        /** Maximum heap of each name server JVM, as in {@code -Xmx}, default {@code 256m}. */
        public Builder nameServerHeap(String heap) {
            this.nameServerHeap = heap;
            return this;
        }

        /** Maximum heap of each broker JVM, as in {@code -Xmx}, default {@code 512m}. */
        public Builder brokerHeap(String heap) {
            this.brokerHeap = heap;
            return this;
        }

        /**
         * Whether the brokers run the timer wheel ({@code timerWheelEnable}), default {@code true}: timer messages
         * (delay, deliver-at) wait on it and can be recalled. Without it a broker refuses them with SYSTEM_ERROR.
         */
        public Builder timerWheel(boolean enabled) {
            this.timerWheel = enabled;
            return this;
        }

        /** How long a broker may take to become routable after launch, default 45 s. */
        public Builder readinessBudget(Duration budget) {
            this.readinessBudget = budget;
            return this;
        }

        public LocalRocketMQ build() {
            if (proxy && (acl != null || tlsMode != null)) {
                // the Proxy would need its own ACL and TLS settings, which LocalProxy does not write
                throw new IllegalStateException("a local Proxy runs only in front of a plaintext cluster without ACL");
            }
            return new LocalRocketMQ(this);
        }

        /** Builds and starts the cluster. */
        public LocalRocketMQ start() {
            return build().start();
        }
    }
}
