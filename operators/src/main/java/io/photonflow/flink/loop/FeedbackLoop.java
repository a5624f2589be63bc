package io.photonflow.flink.loop;

import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Either;

/**
 * Builds one feedback loop into a dataflow: a head that merges feedback into a forward stream, a
 * tail that feeds a stream back to it, and the placement that puts subtask i of both, and of the
 * operators between them, into one TaskManager.
 *
 * <p>The head chains with its downstream consumer and never with its upstream, so the operator that
 * reads the merged stream runs in the head's task. Every operator of the loop must run with the
 * loop's parallelism; pass each one that starts a task of its own to {@link #place}.
 *
 * @param <FB> the fed-back records
 */
public final class FeedbackLoop<FB> {

    private final String id;
    private final TypeInformation<FB> feedbackType;
    private final int parallelism;
    private final Duration timeout;
    private final String slotSharingGroup;

    private FeedbackLoop(
            String id,
            TypeInformation<FB> feedbackType,
            int parallelism,
            Duration timeout,
            String slotSharingGroup) {
        this.id = id;
        this.feedbackType = feedbackType;
        this.parallelism = parallelism;
        this.timeout = timeout;
        this.slotSharingGroup = slotSharingGroup;
    }

    /**
     * A loop in the slot sharing group its operators inherit from their inputs.
     *
     * @param id names the loop, unique in the job; also its co-location group
     * @param feedbackType type of the fed-back records
     * @param parallelism of head and tail
     * @param timeout longest the head holds an input record back waiting for feedback
     */
    public static <FB> FeedbackLoop<FB> of(
            String id, TypeInformation<FB> feedbackType, int parallelism, Duration timeout) {
        return new FeedbackLoop<>(id, feedbackType, parallelism, timeout, null);
    }

    /** The same loop with its operators in slot sharing group {@code group}. */
    public FeedbackLoop<FB> inSlotSharingGroup(String group) {
        return new FeedbackLoop<>(id, feedbackType, parallelism, timeout, group);
    }

    /**
     * Adds the head to {@code input}: the result carries the feedback as Left and the input as
     * Right. An input record passes only once the feedback's progress has reached what it needs.
     *
     * @param name name and uid of the head operator
     * @param progressOf the progress a fed-back record brings
     * @param progressNeeded the progress an input record needs
     * @param initialProgress the progress before any feedback
     */
    public <IN> SingleOutputStreamOperator<Either<FB, IN>> head(
            DataStream<IN> input,
            String name,
            ProgressFunction<FB> progressOf,
            ProgressFunction<IN> progressNeeded,
            long initialProgress) {
        return head(input, name, progressOf, progressNeeded, initialProgress, 0, record -> false);
    }

    /**
     * Adds a head that holds up to {@code holdLimit} input records back without blocking its input,
     * and lets the records {@code overtaking} names pass held ones; the others keep their order.
     *
     * @param name name and uid of the head operator
     * @param progressOf the progress a fed-back record brings
     * @param progressNeeded the progress an input record needs
     * @param initialProgress the progress before any feedback
     * @param holdLimit records held back before the head blocks its input
     * @param overtaking the records that may pass held ones
     */
    public <IN> SingleOutputStreamOperator<Either<FB, IN>> head(
            DataStream<IN> input,
            String name,
            ProgressFunction<FB> progressOf,
            ProgressFunction<IN> progressNeeded,
            long initialProgress,
            int holdLimit,
            OvertakingRule<IN> overtaking) {
        LoopHeadOperator<IN, FB> head =
                new LoopHeadOperator<>(
                        id,
                        timeout,
                        progressOf,
                        progressNeeded,
                        initialProgress,
                        holdLimit,
                        overtaking);
        return place(
                input.transform(name, new EitherTypeInfo<>(feedbackType, input.getType()), head)
                        .uid(name)
                        .setParallelism(parallelism)
                        .startNewChain());
    }

    /**
     * Closes the loop: feeds {@code feedback} back to the head.
     *
     * @param name name and uid of the tail operator
     */
    public SingleOutputStreamOperator<Void> closeWith(DataStream<FB> feedback, String name) {
        return place(
                feedback.transform(name, Types.VOID, new LoopTailOperator<FB>(id))
                        .uid(name)
                        .setParallelism(parallelism));
    }

    /**
     * Puts {@code operator} into the loop's co-location group (and slot sharing group, when the
     * loop has its own), so that its subtask i shares a TaskManager with the head's and tail's.
     */
    public <T extends SingleOutputStreamOperator<?>> T place(T operator) {
        if (slotSharingGroup != null) {
            operator.slotSharingGroup(slotSharingGroup);
        }
        operator.getTransformation().setCoLocationGroupKey(id);
        return operator;
    }
}
