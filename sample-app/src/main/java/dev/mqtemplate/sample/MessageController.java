package dev.mqtemplate.sample;

import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.SendResult;
import dev.mqtemplate.client.error.MQBrokerRejectedException;
import dev.mqtemplate.client.error.MQException;
import dev.mqtemplate.client.error.MQOutcomeUnknownException;
import dev.mqtemplate.client.error.MQValidationException;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /messages} sends one message and answers with the send result as JSON. With {@code shardingKey} it is
 * an ordered send (messages with one key go to one queue, in order); with {@code delaySeconds} a timer message,
 * whose answer carries the recall handle; {@code POST /messages/recall} cancels one before it is due.
 */
@RestController
class MessageController {

    private final MQTemplate template;

    MessageController(MQTemplate template) {
        this.template = template;
    }

    @PostMapping("/messages")
    SendResponse send(@RequestBody MessageRequest request) {
        MQMessage.Builder message = MQMessage.builder(request.topic()).tags(request.tags()).body(request.body());
        if (request.keys() != null) {
            message.keys(request.keys());
        }
        if (request.shardingKey() != null) {
            message.shardingKey(request.shardingKey());
        }
        if (request.delaySeconds() != null) {
            message.delay(Duration.ofSeconds(request.delaySeconds()));
        }
        return SendResponse.of(template.send(message.build()));
    }

    @PostMapping("/messages/recall")
    Map<String, String> recall(@RequestBody RecallRequest request) {
        template.recall(request.topic(), request.recallHandle());
        return Map.of("recalled", request.recallHandle());
    }

    @ExceptionHandler(MQValidationException.class)
    ProblemDetail invalid(MQValidationException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid message", e);
    }

    @ExceptionHandler(MQBrokerRejectedException.class)
    ProblemDetail rejected(MQBrokerRejectedException e) {
        return problem(HttpStatus.BAD_GATEWAY, "rejected by the broker", e);
    }

    @ExceptionHandler(MQOutcomeUnknownException.class)
    ProblemDetail unknown(MQOutcomeUnknownException e) {
        ProblemDetail problem = problem(HttpStatus.GATEWAY_TIMEOUT, "outcome unknown", e);
        problem.setProperty("msgId", e.messageId());
        return problem;
    }

    @ExceptionHandler(MQException.class)
    ProblemDetail notSent(MQException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "not sent", e);
    }

    private static ProblemDetail problem(HttpStatus status, String title, MQException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setTitle(title);
        problem.setProperty("mayHaveBeenStored", e.mayHaveBeenStored());
        return problem;
    }

    /** The JSON a client posts. */
    record MessageRequest(String topic, String tags, List<String> keys, String body, String shardingKey,
            Long delaySeconds) {
    }

    /** The JSON a client posts to recall a timer message. */
    record RecallRequest(String topic, String recallHandle) {
    }

    /** The JSON answered for a stored message. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SendResponse(String status, String msgId, String offsetMsgId, String topic, String brokerName, int queueId,
            long queueOffset, String recallHandle) {

        static SendResponse of(SendResult result) {
            return new SendResponse(result.status().name(), result.msgId(), result.offsetMsgId(),
                    result.queue().topic(), result.queue().brokerName(), result.queue().queueId(),
                    result.queueOffset(), result.recallHandle());
        }
    }
}
