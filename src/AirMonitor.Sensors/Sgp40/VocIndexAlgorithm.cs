/*
 * Written in C# from Sensirion's gas index algorithm, VOC part, fixed-point version 3.2.0
 * (https://github.com/Sensirion/gas-index-algorithm, sensirion_gas_index_algorithm/), which carries this notice:
 *
 * Copyright (c) 2021, Sensirion AG
 * All rights reserved.
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * * Redistributions of source code must retain the above copyright notice, this
 *   list of conditions and the following disclaimer.
 *
 * * Redistributions in binary form must reproduce the above copyright notice,
 *   this list of conditions and the following disclaimer in the documentation
 *   and/or other materials provided with the distribution.
 *
 * * Neither the name of Sensirion AG nor the names of its
 *   contributors may be used to endorse or promote products derived from
 *   this software without specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
 * AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
 * IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE
 * ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE
 * LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR
 * CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF
 * SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS
 * INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN
 * CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE)
 * ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE
 * POSSIBILITY OF SUCH DAMAGE.
 */

using System.Diagnostics.CodeAnalysis;

namespace AirMonitor.Sensors.Sgp40;

/// <summary>
/// Sensirion's VOC index: turns the SGP40's raw signal (SRAW_VOC ticks, one sample per sampling interval) into an
/// index of 1…500 where 100 is the average air of the past hours; 0 during the initial blackout.
/// </summary>
/// <remarks>
/// Stages, as in the reference: a MOX model normalises the raw signal by the learned mean and standard deviation,
/// a scaled sigmoid maps it to the index, an adaptive low-pass smooths it, and the mean/variance estimator learns
/// from each sample (gated while the index is high, so a long VOC event is not learned as the new normal).
/// The arithmetic is the reference's Q16.16 fixed point (<see cref="Fix16"/>): it reproduces Sensirion's
/// 600-sample reference vector exactly, where its floating-point version is off by one on 40 of the rows,
/// and it gives the same index on the Pi as on a laptop.
/// </remarks>
public sealed class VocIndexAlgorithm
{
    /// <summary>The index of average air (the reference's default offset).</summary>
    public const int IndexOffset = 100;

    /// <summary>Uptime, in seconds, until which the index stays 0 (the reference's initial blackout).</summary>
    public const int InitialBlackoutSeconds = 45;

    private const int SrawMinimum = 20_000;

    private static readonly Fix16 InitialBlackout = Fix16.FromInt(InitialBlackoutSeconds);
    private static readonly Fix16 IndexOffsetValue = Fix16.FromInt(IndexOffset);
    private static readonly Fix16 IndexGain = Fix16.FromDouble(230);
    private static readonly Fix16 SrawStdInitial = Fix16.FromDouble(50);
    private static readonly Fix16 SrawStdBonus = Fix16.FromDouble(220);
    private static readonly Fix16 TauMeanHours = Fix16.FromDouble(12);
    private static readonly Fix16 TauVarianceHours = Fix16.FromDouble(12);
    private static readonly Fix16 TauInitialMeanSeconds = Fix16.FromDouble(20);
    private static readonly Fix16 InitDurationMeanSeconds = Fix16.FromDouble(3600 * 0.75);
    private static readonly Fix16 InitTransitionMean = Fix16.FromDouble(0.01);
    private static readonly Fix16 TauInitialVarianceSeconds = Fix16.FromDouble(2500);
    private static readonly Fix16 InitDurationVarianceSeconds = Fix16.FromDouble(3600 * 1.45);
    private static readonly Fix16 InitTransitionVariance = Fix16.FromDouble(0.01);
    private static readonly Fix16 GatingThreshold = Fix16.FromDouble(340);
    private static readonly Fix16 GatingThresholdInitial = Fix16.FromDouble(510);
    private static readonly Fix16 GatingThresholdTransition = Fix16.FromDouble(0.09);
    private static readonly Fix16 GatingMaxDurationMinutes = Fix16.FromDouble(60 * 3);
    private static readonly Fix16 GatingMaxRatio = Fix16.FromDouble(0.3);
    private static readonly Fix16 OnePlusGatingMaxRatio = Fix16.FromDouble(1 + 0.3);
    private static readonly Fix16 SigmoidL = Fix16.FromDouble(500);
    private static readonly Fix16 SigmoidK = Fix16.FromDouble(-0.0065);
    private static readonly Fix16 SigmoidX0 = Fix16.FromDouble(213);
    private static readonly Fix16 LowpassTauFastSeconds = Fix16.FromDouble(20);
    private static readonly Fix16 LowpassTauSlowSeconds = Fix16.FromDouble(500);
    private static readonly Fix16 LowpassTauSpanSeconds = Fix16.FromDouble(500 - 20);
    private static readonly Fix16 LowpassAlpha = Fix16.FromDouble(-0.2);
    private static readonly Fix16 GammaScaling = Fix16.FromDouble(64);
    private static readonly Fix16 AdditionalGammaMeanScaling = Fix16.FromDouble(8);
    private static readonly Fix16 GammaMeanScaling = Fix16.FromDouble(8 * 64);
    private static readonly Fix16 SigmoidLimit = Fix16.FromDouble(50);
    private static readonly Fix16 Half = Fix16.FromDouble(0.5);
    private static readonly Fix16 SecondsPerHour = Fix16.FromDouble(3600);
    private static readonly Fix16 SecondsPerMinute = Fix16.FromDouble(60);
    private static readonly Fix16 StdScalingThreshold = Fix16.FromDouble(1440);
    private static readonly Fix16 MeanRecentringThreshold = Fix16.FromDouble(100);

    // The estimators' uptimes stop counting just below the largest Q16.16 value.
    private static readonly Fix16 UptimeMaximumSeconds = Fix16.FromDouble(32767);

    private readonly Fix16 _samplingInterval;
    private MeanVarianceEstimator _estimator;
    private MoxModel _moxModel;
    private AdaptiveLowpass _lowpass;
    private Fix16 _uptime;
    private Fix16 _sraw;
    private Fix16 _gasIndex;

    /// <param name="samplingIntervalSeconds">Seconds between samples; the reference is tuned for 1 and tested up to 10.</param>
    public VocIndexAlgorithm(int samplingIntervalSeconds = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samplingIntervalSeconds, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(samplingIntervalSeconds, 10);
        SamplingInterval = TimeSpan.FromSeconds(samplingIntervalSeconds);
        _samplingInterval = Fix16.FromInt(samplingIntervalSeconds);
        BlackoutSamples = (InitialBlackoutSeconds / samplingIntervalSeconds) + 1;
        Reset();
    }

    public TimeSpan SamplingInterval { get; }

    /// <summary>
    /// How many samples answer 0 after a start: the reference counts uptime from 0 and leaves the blackout once it
    /// exceeds 45 s, so at 1 s it is 46 samples (the reference vector's first 46 rows).
    /// </summary>
    public int BlackoutSamples { get; }

    /// <summary>The time <see cref="BlackoutSamples"/> take.</summary>
    public TimeSpan BlackoutDuration => SamplingInterval * BlackoutSamples;

    /// <summary>Forgets everything learned (call after an interruption of the measurement).</summary>
    [MemberNotNull(nameof(_estimator), nameof(_lowpass))]
    public void Reset()
    {
        _uptime = Fix16.Zero;
        _sraw = Fix16.Zero;
        _gasIndex = Fix16.Zero;
        _estimator = new MeanVarianceEstimator(_samplingInterval);
        _moxModel = new MoxModel(_estimator.Mean, _estimator.Std);
        _lowpass = new AdaptiveLowpass(_samplingInterval);
    }

    /// <summary>Processes one raw sample and returns the VOC index: 0 during the blackout, then 1…500.</summary>
    /// <param name="rawTicks">SRAW_VOC; values outside 1…64 999 (a failed sample) repeat the previous one.</param>
    public int Process(int rawTicks)
    {
        if (_uptime <= InitialBlackout)
        {
            _uptime += _samplingInterval;
        }
        else
        {
            if (rawTicks > 0 && rawTicks < 65_000)
            {
                _sraw = Fix16.FromInt(Math.Clamp(rawTicks, SrawMinimum + 1, SrawMinimum + 32_767) - SrawMinimum);
            }

            _gasIndex = ScaledSigmoid(_moxModel.Process(_sraw));
            _gasIndex = _lowpass.Process(_gasIndex);
            if (_gasIndex < Half)
            {
                _gasIndex = Half;
            }

            if (_sraw > Fix16.Zero)
            {
                _estimator.Process(_sraw, _gasIndex);
                _moxModel = new MoxModel(_estimator.Mean, _estimator.Std);
            }
        }

        return (_gasIndex + Half).ToInt32();
    }

    // Maps the normalised signal to 0…500, IndexOffset where the signal equals its learned mean.
    private static Fix16 ScaledSigmoid(Fix16 sample)
    {
        var x = SigmoidK * (sample - SigmoidX0);
        if (x < -SigmoidLimit)
        {
            return SigmoidL;
        }

        if (x > SigmoidLimit)
        {
            return Fix16.Zero;
        }

        // The reference shifts the curve for a tuned offset (and scales negative samples by tuned/default offset);
        // at the default offset the shift is exactly 0 and the scale exactly 1, so one expression serves both signs.
        var shift = (SigmoidL - (Fix16.FromInt(5) * IndexOffsetValue)) / Fix16.FromInt(4);
        return ((SigmoidL + shift) / (Fix16.One + Fix16.Exp(x))) - shift;
    }

    // 1 well below x0, 0 well above it (k > 0).
    private static Fix16 Sigmoid(Fix16 sample, Fix16 x0, Fix16 k)
    {
        var x = k * (sample - x0);
        if (x < -SigmoidLimit)
        {
            return Fix16.One;
        }

        return x > SigmoidLimit ? Fix16.Zero : Fix16.One / (Fix16.One + Fix16.Exp(x));
    }

    /// <summary>The raw signal relative to the learned mean, in learned standard deviations, times the gain (negative: more VOC lowers SRAW).</summary>
    private readonly record struct MoxModel(Fix16 SrawMean, Fix16 SrawStd)
    {
        public Fix16 Process(Fix16 sraw) => (sraw - SrawMean) / -(SrawStd + SrawStdBonus) * IndexGain;
    }

    /// <summary>Learns the raw signal's mean and standard deviation: fast at first, then over ~12 h; frozen while the index is high.</summary>
    private sealed class MeanVarianceEstimator
    {
        private readonly Fix16 _samplingInterval;
        private readonly Fix16 _gammaMeanLongTerm;
        private readonly Fix16 _gammaVarianceLongTerm;
        private readonly Fix16 _gammaInitialMean;
        private readonly Fix16 _gammaInitialVariance;
        private bool _initialized;
        private Fix16 _mean;
        private Fix16 _srawOffset;
        private Fix16 _gammaMean;
        private Fix16 _gammaVariance;
        private Fix16 _uptimeGamma;
        private Fix16 _uptimeGating;
        private Fix16 _gatingDurationMinutes;

        public MeanVarianceEstimator(Fix16 samplingInterval)
        {
            _samplingInterval = samplingInterval;
            Std = SrawStdInitial;
            var intervalHours = samplingInterval / SecondsPerHour;
            _gammaMeanLongTerm = GammaMeanScaling * intervalHours / (TauMeanHours + intervalHours);
            _gammaVarianceLongTerm = GammaScaling * intervalHours / (TauVarianceHours + intervalHours);
            _gammaInitialMean = GammaMeanScaling * (samplingInterval / (TauInitialMeanSeconds + samplingInterval));
            _gammaInitialVariance = GammaScaling * samplingInterval / (TauInitialVarianceSeconds + samplingInterval);
        }

        public Fix16 Std { get; private set; }

        public Fix16 Mean => _mean + _srawOffset;

        public void Process(Fix16 sraw, Fix16 gasIndex)
        {
            if (!_initialized)
            {
                _initialized = true;
                _srawOffset = sraw;
                _mean = Fix16.Zero;
                return;
            }

            // Keeps the running mean small so the per-sample updates are not lost to the Q16.16 resolution.
            if (_mean >= MeanRecentringThreshold || _mean <= -MeanRecentringThreshold)
            {
                _srawOffset += _mean;
                _mean = Fix16.Zero;
            }

            sraw -= _srawOffset;
            CalculateGamma(gasIndex);
            var deltaSgp = (sraw - _mean) / GammaScaling;
            var c = deltaSgp < Fix16.Zero ? Std - deltaSgp : Std + deltaSgp;
            var additionalScaling = Fix16.One;
            if (c > StdScalingThreshold)
            {
                additionalScaling = c / StdScalingThreshold * (c / StdScalingThreshold);
            }

            Std = Fix16.Sqrt(additionalScaling * (GammaScaling - _gammaVariance))
                * Fix16.Sqrt((Std * (Std / (GammaScaling * additionalScaling))) + (_gammaVariance * deltaSgp / additionalScaling * deltaSgp));
            _mean += _gammaMean * deltaSgp / AdditionalGammaMeanScaling;
        }

        private void CalculateGamma(Fix16 gasIndex)
        {
            var uptimeLimit = UptimeMaximumSeconds - _samplingInterval;
            if (_uptimeGamma < uptimeLimit)
            {
                _uptimeGamma += _samplingInterval;
            }

            if (_uptimeGating < uptimeLimit)
            {
                _uptimeGating += _samplingInterval;
            }

            var sigmoidGammaMean = Sigmoid(_uptimeGamma, InitDurationMeanSeconds, InitTransitionMean);
            var gammaMean = _gammaMeanLongTerm + ((_gammaInitialMean - _gammaMeanLongTerm) * sigmoidGammaMean);
            var gatingThresholdMean = GatingThreshold
                + ((GatingThresholdInitial - GatingThreshold) * Sigmoid(_uptimeGating, InitDurationMeanSeconds, InitTransitionMean));
            var sigmoidGatingMean = Sigmoid(gasIndex, gatingThresholdMean, GatingThresholdTransition);
            _gammaMean = sigmoidGatingMean * gammaMean;

            var sigmoidGammaVariance = Sigmoid(_uptimeGamma, InitDurationVarianceSeconds, InitTransitionVariance);
            var gammaVariance = _gammaVarianceLongTerm
                + ((_gammaInitialVariance - _gammaVarianceLongTerm) * (sigmoidGammaVariance - sigmoidGammaMean));
            var gatingThresholdVariance = GatingThreshold
                + ((GatingThresholdInitial - GatingThreshold) * Sigmoid(_uptimeGating, InitDurationVarianceSeconds, InitTransitionVariance));
            var sigmoidGatingVariance = Sigmoid(gasIndex, gatingThresholdVariance, GatingThresholdTransition);
            _gammaVariance = sigmoidGatingVariance * gammaVariance;

            _gatingDurationMinutes += _samplingInterval / SecondsPerMinute
                * (((Fix16.One - sigmoidGatingMean) * OnePlusGatingMaxRatio) - GatingMaxRatio);
            if (_gatingDurationMinutes < Fix16.Zero)
            {
                _gatingDurationMinutes = Fix16.Zero;
            }

            // Gated too long: the high level is the new normal, so learning resumes.
            if (_gatingDurationMinutes > GatingMaxDurationMinutes)
            {
                _uptimeGating = Fix16.Zero;
            }
        }
    }

    /// <summary>Smooths the index: slowly while it is steady, quickly when a fast and a slow average part ways (an event).</summary>
    private sealed class AdaptiveLowpass(Fix16 samplingInterval)
    {
        private readonly Fix16 _a1 = samplingInterval / (LowpassTauFastSeconds + samplingInterval);
        private readonly Fix16 _a2 = samplingInterval / (LowpassTauSlowSeconds + samplingInterval);
        private bool _initialized;
        private Fix16 _x1;
        private Fix16 _x2;
        private Fix16 _x3;

        public Fix16 Process(Fix16 sample)
        {
            if (!_initialized)
            {
                _x1 = sample;
                _x2 = sample;
                _x3 = sample;
                _initialized = true;
            }

            _x1 = ((Fix16.One - _a1) * _x1) + (_a1 * sample);
            _x2 = ((Fix16.One - _a2) * _x2) + (_a2 * sample);
            var absDelta = _x1 - _x2;
            if (absDelta < Fix16.Zero)
            {
                absDelta = -absDelta;
            }

            var f1 = Fix16.Exp(LowpassAlpha * absDelta);
            var tauA = (LowpassTauSpanSeconds * f1) + LowpassTauFastSeconds;
            var a3 = samplingInterval / (samplingInterval + tauA);
            _x3 = ((Fix16.One - a3) * _x3) + (a3 * sample);
            return _x3;
        }
    }
}
