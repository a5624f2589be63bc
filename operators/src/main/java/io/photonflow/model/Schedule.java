package io.photonflow.model;

import java.io.Serializable;

/**
 * The sequence of minibatches of a bounded training run: each epoch's training steps, then the
 * validation and the test minibatches evaluated with the epoch's final weights. Item i of the
 * sequence is a pure function of i, so a source that only counts can drive the whole run, and a
 * restored source resumes at exactly the right minibatch.
 *
 * @param epochs epochs to train
 * @param stepsPerEpoch training minibatches per epoch
 * @param validationBatches validation minibatches after each epoch
 * @param testBatches test minibatches after each epoch
 */
public record Schedule(int epochs, int stepsPerEpoch, int validationBatches, int testBatches)
        implements Serializable {

    /** Items in the whole run. */
    public long length() {
        return (long) epochs * itemsPerEpoch();
    }

    /** Training steps in the whole run. */
    public long totalSteps() {
        return (long) epochs * stepsPerEpoch;
    }

    /** The index of the first item of {@code epoch} (0-based): where a resumed run starts. */
    public long firstItem(int epoch) {
        return (long) epoch * itemsPerEpoch();
    }

    /** What item {@code index} (0-based) is. */
    public Item item(long index) {
        if (index < 0 || index >= length()) {
            throw new IndexOutOfBoundsException("item " + index + " of a schedule of " + length());
        }
        int epoch = (int) (index / itemsPerEpoch());
        int offset = (int) (index % itemsPerEpoch());
        long lastStepOfEpoch = (long) (epoch + 1) * stepsPerEpoch;
        if (offset < stepsPerEpoch) {
            return new Item(
                    Phase.TRAIN,
                    epoch,
                    offset,
                    lastStepOfEpoch - stepsPerEpoch + offset + 1,
                    offset == stepsPerEpoch - 1);
        }
        offset -= stepsPerEpoch;
        return offset < validationBatches
                ? new Item(Phase.VALIDATION, epoch, offset, lastStepOfEpoch, false)
                : new Item(Phase.TEST, epoch, offset - validationBatches, lastStepOfEpoch, false);
    }

    /** Minibatches of an evaluation pass of {@code phase}. */
    public int batches(Phase phase) {
        return switch (phase) {
            case TRAIN -> stepsPerEpoch;
            case VALIDATION -> validationBatches;
            case TEST -> testBatches;
            case PREDICT, PUBLISH -> 0;
        };
    }

    private int itemsPerEpoch() {
        return stepsPerEpoch + validationBatches + testBatches;
    }

    /**
     * One minibatch of the schedule.
     *
     * @param phase training, validation or test
     * @param epoch 0-based epoch
     * @param index position among the epoch's minibatches of the same phase
     * @param step 1-based training step; for an evaluation, the step whose weights it uses
     * @param lastOfEpoch whether it is the epoch's last training step
     */
    public record Item(Phase phase, int epoch, int index, long step, boolean lastOfEpoch) {}
}
