package dev.mqtemplate.client.error;

import java.util.List;

/**
 * A batch too large for one request was sent as several, in order, to one queue, and a request after the first
 * failed: the messages before it are stored, those of the failed request have the outcome of {@link #getCause()}
 * (whose kind says whether they may be stored), and those after it were not sent. So the caller knows exactly which
 * messages to send again. Retrying the whole batch would store its first part twice, hence an outcome-unknown kind.
 */
public class MQBatchIncompleteException extends MQOutcomeUnknownException {

    private static final long serialVersionUID = 1L;

    private final List<String> storedMessageIds;

    private final int failedRequestEnd;

    private final int total;

    /**
     * @param storedMessageIds the ids of the messages stored, the first of the batch, in order
     * @param failedRequestEnd the index after the last message of the failed request
     * @param total the number of messages in the batch
     * @param failure the failed request's outcome
     */
    public MQBatchIncompleteException(List<String> storedMessageIds, int failedRequestEnd, int total,
            MQException failure) {
        super("batch of " + total + " messages incomplete: messages 0.." + (storedMessageIds.size() - 1)
                + " stored; " + storedMessageIds.size() + ".." + (failedRequestEnd - 1) + " "
                + (failure.mayHaveBeenStored() ? "may or may not be stored" : "not stored") + "; "
                + (failedRequestEnd < total ? failedRequestEnd + ".." + (total - 1) + " not sent; " : "")
                + "because: " + failure.getMessage(), null, addressOf(failure), failure);
        this.storedMessageIds = List.copyOf(storedMessageIds);
        this.failedRequestEnd = failedRequestEnd;
        this.total = total;
    }

    /** How many messages, from the first, are stored. */
    public int storedCount() {
        return storedMessageIds.size();
    }

    /** The message ids (UNIQ_KEY) of the stored messages, in order. */
    public List<String> storedMessageIds() {
        return storedMessageIds;
    }

    /**
     * The index after the last message of the request that failed: messages {@code storedCount()} up to this one
     * have the outcome of {@link #getCause()}; messages from here on were not sent.
     */
    public int failedRequestEnd() {
        return failedRequestEnd;
    }

    /** The number of messages in the batch. */
    public int total() {
        return total;
    }

    /** The failed request's outcome. */
    @Override
    public synchronized MQException getCause() {
        return (MQException) super.getCause();
    }

    private static String addressOf(MQException failure) {
        if (failure instanceof MQOutcomeUnknownException unknown) {
            return unknown.brokerAddress();
        }
        if (failure instanceof MQBrokerRejectedException rejected) {
            return rejected.brokerAddress();
        }
        return failure instanceof MQNotSentException notSent ? notSent.address() : null;
    }
}
