namespace LabApp.Core.Classifiers;

/// <summary>
/// The Moré–Thuente line search exactly as MINPACK-2's <c>dcsrch</c>/<c>dcstep</c>, with the constants L-BFGS-B
/// passes to it (sufficient decrease 1e-3, curvature 0.9, interval tolerance 0.1). A textbook Wolfe search would
/// also converge, but to different step lengths than SciPy, and scikit-learn's result depends on the path: it stops
/// on a relative-reduction test well before the exact optimum.
/// </summary>
/// <remarks>
/// <see cref="Start"/> begins a search along one direction. The caller evaluates the function at <see cref="Step"/>,
/// passes value and slope to <see cref="Accepts"/>, and repeats while it returns <see langword="false"/>. Like L-BFGS-B,
/// a search that ends on one of dcsrch's warnings (rounding errors, interval too small) counts as accepted.
/// One instance serves all searches of a fit, so iterations allocate nothing.
/// </remarks>
internal sealed class MoreThuenteLineSearch
{
    private const double SufficientDecrease = 1e-3;
    private const double Curvature = 0.9;
    private const double IntervalTolerance = 0.1;
    private const double MinStep = 0.0;
    private const double ExtrapolateLower = 1.1;
    private const double ExtrapolateUpper = 4.0;

    private double _maxStep;
    private double _initialValue;
    private double _initialSlope;
    private double _decreaseSlope;
    private bool _bracketed;
    private bool _secondStage;
    private double _width;
    private double _previousWidth;
    private double _bestStep, _bestValue, _bestSlope;
    private double _otherStep, _otherValue, _otherSlope;
    private double _minTrial, _maxTrial;

    /// <summary>Begins a search along a new direction.</summary>
    /// <param name="initialValue">The function at step 0.</param>
    /// <param name="initialSlope">Its directional derivative at step 0; must be negative.</param>
    /// <param name="firstStep">The first step to try.</param>
    /// <param name="maxStep">The largest step allowed.</param>
    public void Start(double initialValue, double initialSlope, double firstStep, double maxStep)
    {
        _bracketed = false;
        _secondStage = false;
        _bestStep = _otherStep = _minTrial = 0.0;
        _maxStep = maxStep;
        _initialValue = initialValue;
        _initialSlope = initialSlope;
        _decreaseSlope = SufficientDecrease * initialSlope;
        _width = maxStep - MinStep;
        _previousWidth = _width / 0.5;
        _bestValue = _otherValue = initialValue;
        _bestSlope = _otherSlope = initialSlope;
        _maxTrial = firstStep + ExtrapolateUpper * firstStep;
        Step = firstStep;
    }

    /// <summary>The step at which the caller evaluates next, or the accepted step once <see cref="Accepts"/> is true.</summary>
    public double Step { get; private set; }

    /// <summary>Takes the function value and slope at <see cref="Step"/>; true if the step is final, otherwise moves <see cref="Step"/>.</summary>
    public bool Accepts(double value, double slope)
    {
        var step = Step;
        var sufficientValue = _initialValue + step * _decreaseSlope;
        if (!_secondStage && value <= sufficientValue && slope >= 0)
            _secondStage = true;

        if (IsFinished(step, value, slope, sufficientValue))
            return true;

        // In the first stage, while the value fell but not enough, dcsrch steps on the modified function
        // psi(stp) = f(stp) - f(0) - ftol * stp * f'(0), then maps the bracket back.
        if (!_secondStage && value <= _bestValue && value > sufficientValue)
        {
            var bestValue = _bestValue - _bestStep * _decreaseSlope;
            var otherValue = _otherValue - _otherStep * _decreaseSlope;
            var bestSlope = _bestSlope - _decreaseSlope;
            var otherSlope = _otherSlope - _decreaseSlope;
            TakeStep(ref bestValue, ref bestSlope, ref otherValue, ref otherSlope,
                value - step * _decreaseSlope, slope - _decreaseSlope);
            _bestValue = bestValue + _bestStep * _decreaseSlope;
            _otherValue = otherValue + _otherStep * _decreaseSlope;
            _bestSlope = bestSlope + _decreaseSlope;
            _otherSlope = otherSlope + _decreaseSlope;
        }
        else
        {
            TakeStep(ref _bestValue, ref _bestSlope, ref _otherValue, ref _otherSlope, value, slope);
        }

        if (_bracketed)
        {
            if (Math.Abs(_otherStep - _bestStep) >= 0.66 * _previousWidth)
                Step = _bestStep + 0.5 * (_otherStep - _bestStep);
            _previousWidth = _width;
            _width = Math.Abs(_otherStep - _bestStep);
            _minTrial = Math.Min(_bestStep, _otherStep);
            _maxTrial = Math.Max(_bestStep, _otherStep);
        }
        else
        {
            _minTrial = Step + ExtrapolateLower * (Step - _bestStep);
            _maxTrial = Step + ExtrapolateUpper * (Step - _bestStep);
        }

        Step = Math.Min(Math.Max(Step, MinStep), _maxStep);
        if (_bracketed && (Step <= _minTrial || Step >= _maxTrial || _maxTrial - _minTrial <= IntervalTolerance * _maxTrial))
            Step = _bestStep;
        return false;
    }

    private bool IsFinished(double step, double value, double slope, double sufficientValue)
    {
        var roundingStall = _bracketed && (step <= _minTrial || step >= _maxTrial);
        var intervalTiny = _bracketed && _maxTrial - _minTrial <= IntervalTolerance * _maxTrial;
        var atMax = step == _maxStep && value <= sufficientValue && slope <= _decreaseSlope;
        var atMin = step == MinStep && (value > sufficientValue || slope >= _decreaseSlope);
        var wolfe = value <= sufficientValue && Math.Abs(slope) <= Curvature * -_initialSlope;
        return roundingStall || intervalTiny || atMax || atMin || wolfe;
    }

    /// <summary>dcstep: a safeguarded cubic/quadratic/secant step that also updates the bracketing interval.</summary>
    private void TakeStep(ref double fx, ref double dx, ref double fy, ref double dy, double fp, double dp)
    {
        var stx = _bestStep;
        var sty = _otherStep;
        var stp = Step;
        var sgnd = dp * (dx / Math.Abs(dx));
        double stpf;

        if (fp > fx)
        {
            // Higher value: the minimum is bracketed. Cubic if closer to stx than the quadratic, else their average.
            var theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp;
            var s = Max3(Math.Abs(theta), Math.Abs(dx), Math.Abs(dp));
            var gamma = s * Math.Sqrt((theta / s) * (theta / s) - (dx / s) * (dp / s));
            if (stp < stx)
                gamma = -gamma;
            var p = (gamma - dx) + theta;
            var q = ((gamma - dx) + gamma) + dp;
            var stpc = stx + p / q * (stp - stx);
            var stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2.0) * (stp - stx);
            stpf = Math.Abs(stpc - stx) < Math.Abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2.0;
            _bracketed = true;
        }
        else if (sgnd < 0)
        {
            // Lower value, slopes of opposite sign: bracketed. Cubic if farther from stp than the secant.
            var theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp;
            var s = Max3(Math.Abs(theta), Math.Abs(dx), Math.Abs(dp));
            var gamma = s * Math.Sqrt((theta / s) * (theta / s) - (dx / s) * (dp / s));
            if (stp > stx)
                gamma = -gamma;
            var p = (gamma - dp) + theta;
            var q = ((gamma - dp) + gamma) + dx;
            var stpc = stp + p / q * (stx - stp);
            var stpq = stp + (dp / (dp - dx)) * (stx - stp);
            stpf = Math.Abs(stpc - stp) > Math.Abs(stpq - stp) ? stpc : stpq;
            _bracketed = true;
        }
        else if (Math.Abs(dp) < Math.Abs(dx))
        {
            // Lower value, same sign, slope shrinking: cubic only if it tends to infinity in the step direction.
            var theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp;
            var s = Max3(Math.Abs(theta), Math.Abs(dx), Math.Abs(dp));
            var gamma = s * Math.Sqrt(Math.Max(0.0, (theta / s) * (theta / s) - (dx / s) * (dp / s)));
            if (stp > stx)
                gamma = -gamma;
            var p = (gamma - dp) + theta;
            var q = (gamma + (dx - dp)) + gamma;
            var r = p / q;
            var stpc = r < 0 && gamma != 0 ? stp + r * (stx - stp) : stp > stx ? _maxTrial : _minTrial;
            var stpq = stp + (dp / (dp - dx)) * (stx - stp);
            if (_bracketed)
            {
                stpf = Math.Abs(stpc - stp) < Math.Abs(stpq - stp) ? stpc : stpq;
                stpf = stp > stx ? Math.Min(stp + 0.66 * (sty - stp), stpf) : Math.Max(stp + 0.66 * (sty - stp), stpf);
            }
            else
            {
                stpf = Math.Abs(stpc - stp) > Math.Abs(stpq - stp) ? stpc : stpq;
                stpf = Math.Max(_minTrial, Math.Min(_maxTrial, stpf));
            }
        }
        else if (_bracketed)
        {
            // Lower value, same sign, slope not shrinking, bracketed: cubic between stp and sty.
            var theta = 3.0 * (fp - fy) / (sty - stp) + dy + dp;
            var s = Max3(Math.Abs(theta), Math.Abs(dy), Math.Abs(dp));
            var gamma = s * Math.Sqrt((theta / s) * (theta / s) - (dy / s) * (dp / s));
            if (stp > sty)
                gamma = -gamma;
            var p = (gamma - dp) + theta;
            var q = ((gamma - dp) + gamma) + dy;
            stpf = stp + p / q * (sty - stp);
        }
        else
        {
            stpf = stp > stx ? _maxTrial : _minTrial;
        }

        if (fp > fx)
        {
            _otherStep = stp;
            fy = fp;
            dy = dp;
        }
        else
        {
            if (sgnd < 0)
            {
                _otherStep = stx;
                fy = fx;
                dy = dx;
            }
            _bestStep = stp;
            fx = fp;
            dx = dp;
        }
        Step = stpf;
    }

    private static double Max3(double a, double b, double c) => Math.Max(a, Math.Max(b, c));
}
