namespace MreRepro.Training.Schedules;

/// <summary>What the learning rate does after the linear warmup.</summary>
public enum ScheduleKind
{
    /// <summary>Linear decay to zero at the last step (HF <c>get_linear_schedule_with_warmup</c>).</summary>
    Linear,

    /// <summary>Stays at the peak (HF <c>get_constant_schedule_with_warmup</c>).</summary>
    Constant,
}
