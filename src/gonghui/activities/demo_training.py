def build_training() -> None:
    return None
