package dev.mqtemplate.client.error;

import java.util.concurrent.CompletionException;

/**
 * Reading failures out of futures: a dependent stage sees its cause wrapped in a {@link CompletionException}, and
 * every layer wants the cause itself to decide what happened.
 */
public final class Failures {

    private Failures() {
    }

    /** The cause a {@link CompletionException} wraps, or the failure itself. */
    public static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
