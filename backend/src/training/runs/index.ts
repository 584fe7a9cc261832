export { runTraining, type RunTrainingDeps } from './run-training.ts';
export { trainingRunJob, trainingRunQueue } from './training.jobs.ts';
export { createTrainingRunsService, type TrainingRunsService } from './training-runs.service.ts';
export { registerTrainingRoutes } from './training-runs.routes.ts';
