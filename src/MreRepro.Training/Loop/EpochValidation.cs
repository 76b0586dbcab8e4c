namespace MreRepro.Training.Loop;

/// <summary>
/// Model selection on held-out data: after every epoch the trainer calls <see cref="Loss"/> (model in eval mode, no
/// gradients) and keeps the weights of the epoch with the lowest value, which it puts back when training ends; with
/// <see cref="Patience"/> &gt; 0 it stops once that many epochs in a row have not improved on the best.
/// </summary>
/// <param name="Loss">The loss on the held-out examples of the model as it is now.</param>
/// <param name="Patience">Epochs without improvement before stopping; 0 never stops early.</param>
public sealed record EpochValidation(Func<double> Loss, int Patience = 0);

