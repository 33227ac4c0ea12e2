/**
 * The modes the fleet's feedback controller runs in: 'dry-run' decides and records every
 * adaptation but publishes nothing for agents to obey; 'on' publishes them. Shared by the
 * controller (feedback/), its command (`feedback serve --mode`) and the deploy config, which
 * checks the one it deploys.
 */
export const CONTROLLER_MODES = ['dry-run', 'on'] as const;
export type ControllerMode = (typeof CONTROLLER_MODES)[number];
