// Worker reports become API events: a training step's channel and the channels of the job reach
// trainingMetrics, which stays valid under the contract's schema.
import { describe, expect, it } from 'vitest';
import { JobEventRelay } from '../../app/api/job-events.js';
import { TrainingMetricsEvent, type ApiEvent, type JobInfo } from '../../app/api/schemas.js';

const job: JobInfo = {
  jobId: 'job-1',
  kind: 'train',
  state: 'running',
  startedAt: new Date(0).toISOString(),
  endedAt: null,
  target: '/models/m',
  error: null,
};

const step = {
  channel: 1,
  channels: [0, 1],
  step: 3,
  patches: 12,
  epoch: 0,
  loss: 0.02,
  bestValLoss: Infinity,
  patchesPerSecond: 40,
  eta: Infinity,
  elapsed: 0.3,
};

describe('JobEventRelay: training', () => {
  it('trainingMetrics carry the channel training and every channel of the job', () => {
    const events: ApiEvent[] = [];
    const relay = new JobEventRelay((e) => events.push(e));
    relay.message(job, { type: 'train', progress: step });
    relay.ended(job);
    expect(events).toHaveLength(1);
    const event = TrainingMetricsEvent.parse(events[0]);
    expect(event).toMatchObject({ modelDir: '/models/m', step: 3, channel: 1, channels: [0, 1] });
    expect(event.bestValLoss).toBeNull();
  });

  it('a single model without channels listed still names its channel', () => {
    const events: ApiEvent[] = [];
    const relay = new JobEventRelay((e) => events.push(e));
    const { channels: _channels, ...single } = step;
    relay.message(job, { type: 'train', progress: { ...single, channel: 0 } });
    relay.ended(job);
    expect(events[0]).toMatchObject({ channel: 0 });
    expect(events[0]).not.toHaveProperty('channels');
  });
});
