package dev.mqtemplate.client.send;

import dev.mqtemplate.client.message.MessageProperties;
import dev.mqtemplate.client.message.StoredMessageReader;
import dev.mqtemplate.client.protocol.RemotingCommand;
import dev.mqtemplate.client.transport.RequestHandler;
import java.lang.System.Logger.Level;
import java.util.function.ToIntFunction;

/**
 * Answers CHECK_TRANSACTION_STATE: reads the message the broker holds half-way, asks the decider for its
 * {@code commitOrRollback} value, and writes END_TRANSACTION (marked as a check's answer) to the broker that asked.
 * A check about another producer group's message is ignored, as the official client does.
 */
public final class TransactionCheckHandler implements RequestHandler {

    private static final System.Logger LOG = System.getLogger(TransactionCheckHandler.class.getName());

    /** How long the answer may take to write. */
    private static final long END_TIMEOUT_MILLIS = 3000;

    private final String producerGroup;

    private final MessageSender sender;

    private final ToIntFunction<StoredMessageReader> decider;

    /**
     * @param decider the {@code commitOrRollback} value (see {@link TransactionEnd}) for a message; runs on the
     *     handler thread
     */
    public TransactionCheckHandler(String producerGroup, MessageSender sender, ToIntFunction<StoredMessageReader> decider) {
        this.producerGroup = producerGroup;
        this.sender = sender;
        this.decider = decider;
    }

    @Override
    public RemotingCommand handle(RemotingCommand check, String address) {
        StoredMessageReader message = StoredMessageReader.read(check.body());
        String group = message.properties().get(MessageProperties.PGROUP);
        if (group != null && !group.equals(producerGroup)) {
            return null;
        }
        int commitOrRollback = decider.applyAsInt(message);
        RemotingCommand end = TransactionEnd.checkAnswer(producerGroup, check,
                message.properties().get(MessageProperties.UNIQ_KEY), commitOrRollback);
        sender.writeOneway(address, end, END_TIMEOUT_MILLIS).whenComplete((written, error) -> {
            if (error != null) {
                LOG.log(Level.WARNING, "answer to a transaction check from " + address + " not written; the broker "
                        + "asks again: " + error);
            }
        });
        return null; // the check is one-way: its answer is the END_TRANSACTION above
    }
}
