/** The tfjs trainer: tf variables, tf.variableGrads and the tf AdamW (step.ts, adamw.ts). */
import { createNetwork, readWeights } from '../networks/network.js';
import { AdamW } from './adamw.js';
import { trainStep, validationLoss } from './step.js';
import type { Trainer, TrainerSetup } from './trainer.js';

export function createTfTrainer(setup: TrainerSetup): Trainer {
  const net = createNetwork(setup.config, setup.weights, { trainable: true });
  const optimiser = new AdamW(net.weights as never, setup.adam, setup.adamState);
  return {
    step: (batch) => trainStep(net, optimiser, batch, setup.edgeWeight),
    loss: (val, chunk) => validationLoss(net, val, setup.edgeWeight, chunk),
    weights: () => readWeights(net),
    optimiserState: () => optimiser.state(),
    dispose: async () => {
      optimiser.dispose();
      net.dispose();
    },
  };
}
