package dev.mqtemplate.client.transport;

import dev.mqtemplate.client.protocol.RemotingCommand;

/**
 * Answers one kind of request a broker sends this client on its connection (a transaction check, a pushed reply).
 * Runs on the pool's handler threads, never on an I/O thread, so it may block briefly (a database lookup).
 */
@FunctionalInterface
public interface RequestHandler {

    /**
     * Handles a request from the peer at {@code address}.
     *
     * @return the answer, built with {@link RemotingCommand#responseTo}; ignored (and may be {@code null}) for a
     *     one-way request, which gets no answer
     * @throws Exception to answer SYSTEM_ERROR with the exception's text as the remark
     */
    RemotingCommand handle(RemotingCommand request, String address) throws Exception;
}
