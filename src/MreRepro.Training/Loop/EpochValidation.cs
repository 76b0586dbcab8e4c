namespace MreRepro.Training.Loop;

/// <summary>
/// Model selection on held-out data: after every epoch the trainer calls <see cref="Loss"/> (model in eval mode, no
/// gradients) and keeps the weights of the best epoch so far, which it puts back when training ends; with
/// <see cref="Patience"/> &gt; 0 it stops once that many epochs in a row have not improved on the best.
/// By default the value is a loss: lower is better and a tie keeps the earlier epoch. <see cref="Accuracy"/> selects
/// by a score instead: higher is better and a tie moves to the later epoch (KPT's <c>val_acc &gt;= best_val_acc</c>).
/// </summary>
/// <param name="Loss">The held-out value of the model as it is now (a loss, or a score with <see cref="HigherIsBetter"/>); recorded per epoch as the validation value.</param>
/// <param name="Patience">Epochs without improvement before stopping; 0 never stops early.</param>
public sealed record EpochValidation(Func<double> Loss, int Patience = 0)
{
    /// <summary>True when the value is a score (higher is better, ties go to the later epoch).</summary>
    public bool HigherIsBetter { get; init; }

    /// <summary>Selection by held-out accuracy (or any score), later epochs winning ties.</summary>
    public static EpochValidation Accuracy(Func<double> accuracy, int patience = 0) => new(accuracy, patience) { HigherIsBetter = true };

    /// <summary>Whether an epoch's value replaces the best so far.</summary>
    internal bool Improves(double value, double best) => HigherIsBetter ? value >= best : value < best;
}
