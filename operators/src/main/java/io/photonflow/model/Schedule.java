package io.photonflow.model;

import java.io.Serializable;

/**
 * The sequence of minibatches of a bounded training run: each epoch's training steps, then the
 * test set's minibatches evaluated with the epoch's final weights. Item i of the sequence is a
 * pure function of i, so a source that only counts can drive the whole run, and a restored source
 * resumes at exactly the right minibatch.
 *
 * @param epochs epochs to train
 * @param stepsPerEpoch training minibatches per epoch
 * @param evalBatches test-set minibatches after each epoch
 */
public record Schedule(int epochs, int stepsPerEpoch, int evalBatches) implements Serializable {

    /** Items in the whole run. */
    public long length() {
        return (long) epochs * itemsPerEpoch();
    }

    /** Training steps in the whole run. */
    public long totalSteps() {
        return (long) epochs * stepsPerEpoch;
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
                    false,
                    epoch,
                    offset,
                    lastStepOfEpoch - stepsPerEpoch + offset + 1,
                    offset == stepsPerEpoch - 1);
        }
        return new Item(true, epoch, offset - stepsPerEpoch, lastStepOfEpoch, false);
    }

    private int itemsPerEpoch() {
        return stepsPerEpoch + evalBatches;
    }

    /**
     * One minibatch of the schedule.
     *
     * @param eval whether it is a test-set minibatch
     * @param epoch 0-based epoch
     * @param index position among the epoch's training steps, or among its test minibatches
     * @param step 1-based training step; for a test minibatch, the step whose weights it uses
     * @param lastOfEpoch whether it is the epoch's last training step
     */
    public record Item(boolean eval, int epoch, int index, long step, boolean lastOfEpoch) {}
}
